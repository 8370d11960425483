"""The situations the tests start from, each built once, here, with the factories.

A builder's name says the situation it sets up (``two_projects_with_their_moderators``,
``city_with_every_role``); it returns a small dataclass whose attributes name the people
and things of that situation. Test modules take them as they are, or through a one-line
fixture (``return scenarios.two_projects_with_their_moderators()``).

Details that tests rely on (titles, slugs, display names, phase dates, how many rows)
are part of a scenario's promise: change them only together with the tests.
"""

from dataclasses import dataclass

from participation.ideas.models import Comment, Idea
from projects.models import Project
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    PhaseFactory,
    ProjectFactory,
    UserFactory,
    VotingPhaseFactory,
    moderator_of,
)
from users.models import User

# --- projects in a phase (the steps the scenarios are made of) ------------------------------


def project_in_ideas_phase(**fields) -> Project:
    """A published project (area: a square around Jena's centre) whose ideas phase
    (ideas and comments) started a day ago and ends in 30 days."""
    project = ProjectFactory(**fields)
    PhaseFactory(project=project)
    return project


def project_in_voting_phase(**fields) -> Project:
    """A published project whose voting phase (comments and 3 votes per person, no new
    ideas) started a day ago and ends in 30 days."""
    project = ProjectFactory(**fields)
    VotingPhaseFactory(project=project)
    return project


def project_open_for_everything(*, votes_per_person: int | None = 3, **fields) -> Project:
    """A published project whose ideas phase and voting phase both run now: ideas,
    comments and votes (``votes_per_person``, None: as many as there are ideas) at once."""
    project = project_in_ideas_phase(**fields)
    VotingPhaseFactory(project=project, votes_per_person=votes_per_person)
    return project


# --- two projects, each with its moderator ------------------------------------------------


@dataclass
class TwoProjects:
    """Projects A and B in their ideas phase, each with an idea and a comment by the same
    author and a moderator of its own (staff, so they may use the admin), and a resident
    who takes part in neither."""

    project_a: Project
    project_b: Project
    idea_a: Idea
    idea_b: Idea
    comment_a: Comment
    comment_b: Comment
    moderator_a: User
    moderator_b: User
    author: User
    resident: User


def two_projects_with_their_moderators() -> TwoProjects:
    """"Projekt A" (projekt-a) and "Projekt B" (projekt-b); the author "Autorin" wrote
    "Laterne am Markt" in A and "Laterne in Lobeda" in B, and commented on each
    ("Kommentar in A", "Kommentar in B"); "Moderation A" and "Moderation B" moderate
    one project each; "Anwohnerin" is a resident."""
    project_a = project_in_ideas_phase(title="Projekt A", slug="projekt-a")
    project_b = project_in_ideas_phase(title="Projekt B", slug="projekt-b")
    author = UserFactory(display_name="Autorin")
    idea_a = IdeaFactory(project=project_a, author=author, title="Laterne am Markt")
    idea_b = IdeaFactory(project=project_b, author=author, title="Laterne in Lobeda")
    return TwoProjects(
        project_a=project_a,
        project_b=project_b,
        idea_a=idea_a,
        idea_b=idea_b,
        comment_a=CommentFactory(idea=idea_a, author=author, text="Kommentar in A"),
        comment_b=CommentFactory(idea=idea_b, author=author, text="Kommentar in B"),
        moderator_a=moderator_of(project_a, staff=True, display_name="Moderation A"),
        moderator_b=moderator_of(project_b, staff=True, display_name="Moderation B"),
        author=author,
        resident=UserFactory(display_name="Anwohnerin"),
    )

