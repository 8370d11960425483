"""The page cache (core/pagecache.py) from the outside: an anonymous reader gets a
cached page (``X-Page-Cache: hit``) until something it shows changes; then the very next
answer is the new state (``miss``), while the pages that do not show it stay cached."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from measures.services import measure_save, progress_update_publish
from participation.ideas.services.comments import comment_create
from participation.ideas.services.ideas import idea_create, idea_set_status_and_response
from participation.ideas.services.votes import vote_cast, vote_withdraw
from participation.moderation.services import content_hide, content_restore
from projects.services import phase_save, project_save
from tests import scenarios
from tests.factories import MeasureFactory, UserFactory, moderator_of
from tests.ideas.factories_ideas import ZENTRUM

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"


@pytest.fixture
def world():
    """Two projects ("ideen-projekt" for ideas, "abstimmung" for votes) with ideas and
    comments, the measure "sensorik" with its timeline (scenarios)."""
    return scenarios.two_running_projects_and_a_measure()


class Pages:
    """The public pages of the world, by short name."""

    def __init__(self, world):
        ideas_idea, voting_idea = world.ideas[0], world.ideas[3]
        measure = world.measure
        self.urls = {
            "home": "/",
            "strategy": "/strategie/",
            "measure-list": "/strategie/massnahmen/",
            "measure": f"/strategie/massnahmen/{measure.slug}/",
            "bundle": f"/strategie/buendel/{measure.bundle.slug}/",
            "projects": "/beteiligung/",
            "project": "/beteiligung/ideen-projekt/",
            "ideas": "/beteiligung/ideen-projekt/ideen/",
            "idea": f"/beteiligung/ideen-projekt/ideen/{ideas_idea.pk}/",
            "voting-project": "/beteiligung/abstimmung/",
            "voting-ideas": "/beteiligung/abstimmung/ideen/",
            "voting-idea": f"/beteiligung/abstimmung/ideen/{voting_idea.pk}/",
            "opendata": "/offene-daten/",
            "api-measures": "/api/v1/measures/",
            "api-projects": "/api/v1/projects/",
            "api-ideas": "/api/v1/ideas/?project=ideen-projekt",
            "api-voting-idea": f"/api/v1/ideas/{voting_idea.pk}/",
            "api-comments": "/api/v1/comments/",
        }

    def get(self, name: str):
        response = Client().get(self.urls[name])
        assert response.status_code == 200, (name, response.status_code)
        return response

    def warm(self, *names: str) -> None:
        """Each page once, then from the cache."""
        for name in names or self.urls:
            self.get(name)
            assert self.get(name)[HEADER] == "hit", name

    def states(self, *names: str) -> dict[str, str]:
        return {name: self.get(name)[HEADER] for name in names}


@pytest.fixture
def pages(world):
    return Pages(world)


def text(response) -> str:
    return response.content.decode()


def test_every_public_page_is_cached_for_anonymous_readers(pages):
    for name in pages.urls:
        assert pages.get(name)[HEADER] in {"miss", "hit"}, name
        assert pages.get(name)[HEADER] == "hit", name


def test_published_progress_shows_at_once_and_leaves_participation_cached(world, pages):
    pages.warm()
    progress_update_publish(
        measure=world.measure,
        actor=None,
        date=timezone.localdate(),
        status="in_progress",
        progress=87,
        text="Sensoren an 40 Kreuzungen installiert.",
    )
    measure_page = pages.get("measure")
    assert measure_page[HEADER] == "miss"
    assert "Sensoren an 40 Kreuzungen installiert." in text(measure_page)
    assert pages.get("api-measures").json()["results"][0]["progress"] == 87
    # the home page shows the newest progress updates (start)
    changed = ("strategy", "bundle", "measure-list", "opendata", "home")
    assert pages.states(*changed) == dict.fromkeys(changed, "miss")
    assert pages.states("projects", "voting-ideas", "api-comments") == dict.fromkeys(
        ("projects", "voting-ideas", "api-comments"), "hit"
    )


def test_a_measure_edited_like_in_the_admin_shows_at_once(world, pages):
    pages.warm("measure", "strategy", "measure-list", "voting-ideas")
    world.measure.title = "Verkehrssensorik für alle Kreuzungen"
    measure_save(measure=world.measure, actor=None)  # what the admin's save calls

    for name in ("measure", "measure-list"):
        response = pages.get(name)
        assert response[HEADER] == "miss", name
        assert "Verkehrssensorik für alle Kreuzungen" in text(response), name
    assert pages.get("strategy")[HEADER] == "miss"
    assert pages.get("voting-ideas")[HEADER] == "hit"


def test_a_bare_model_save_still_invalidates(world, pages):
    """The safety net: the admin's inlines, data loaders and fixtures save models
    without a service; post_save invalidates all the same."""
    pages.warm("strategy", "projects")
    MeasureFactory(title="Neue Maßnahme aus dem Import", bundle=world.measure.bundle)
    assert "Neue Maßnahme aus dem Import" in text(pages.get("measure-list"))
    assert pages.get("strategy")[HEADER] == "miss"
    assert pages.get("projects")[HEADER] == "hit"


def test_a_new_idea_shows_at_once_in_its_project_only(world, pages):
    pages.warm("ideas", "project", "api-ideas", "voting-ideas", "strategy")
    idea_create(
        author=world.resident,
        project=world.ideas_project,
        title="Trinkbrunnen am Holzmarkt",
        text="Im Sommer wäre Wasser schön.",
        location={"type": "Point", "coordinates": list(ZENTRUM)},
    )
    assert "Trinkbrunnen am Holzmarkt" in text(pages.get("ideas"))
    assert "Trinkbrunnen am Holzmarkt" in str(pages.get("api-ideas").json())
    assert pages.get("project")[HEADER] == "miss"
    assert pages.states("voting-ideas", "strategy") == {"voting-ideas": "hit", "strategy": "hit"}


def test_a_hidden_and_restored_idea_disappears_and_comes_back_at_once(world, pages):
    idea = world.ideas[3]
    moderator = moderator_of(world.voting_project)
    pages.warm("voting-ideas", "voting-idea", "ideas")
    content_hide(moderator=moderator, rule="spam", statement="Enthält Werbung.", idea=idea)
    assert idea.title not in text(pages.get("voting-ideas"))
    assert pages.get("ideas")[HEADER] == "hit"

    content_restore(moderator=moderator, idea=idea)
    assert idea.title in text(pages.get("voting-ideas"))


def test_an_answered_idea_shows_its_new_status_at_once(world, pages):
    idea = world.ideas[3]
    moderator = moderator_of(world.voting_project)
    pages.warm("voting-idea", "api-voting-idea", "idea")
    idea_set_status_and_response(
        idea=idea,
        actor=moderator,
        status="accepted",
        official_response="Die Stadt prüft den Standort im Frühjahr.",
    )
    assert "Die Stadt prüft den Standort im Frühjahr." in text(pages.get("voting-idea"))
    assert pages.get("api-voting-idea").json()["status"] == "accepted"
    assert pages.get("idea")[HEADER] == "hit"


def test_a_vote_and_its_withdrawal_change_the_count_at_once(world, pages):
    idea = world.ideas[3]
    voter = UserFactory()
    pages.warm("api-voting-idea", "voting-idea", "voting-ideas", "idea", "strategy")
    before = pages.get("api-voting-idea").json()["vote_count"]

    vote_cast(user=voter, idea=idea)
    idea.refresh_from_db()
    assert idea.vote_count != before
    assert pages.get("api-voting-idea").json()["vote_count"] == idea.vote_count
    assert pages.states("voting-idea", "voting-ideas") == {
        "voting-idea": "miss",
        "voting-ideas": "miss",
    }
    assert pages.states("idea", "strategy") == {"idea": "hit", "strategy": "hit"}

    with_vote = idea.vote_count
    vote_withdraw(user=voter, idea=idea)
    idea.refresh_from_db()
    assert idea.vote_count == with_vote - 1
    assert pages.get("api-voting-idea").json()["vote_count"] == idea.vote_count


def test_a_comment_shows_at_once_and_disappears_when_hidden(world, pages):
    idea = world.ideas[0]
    moderator = moderator_of(world.ideas_project)
    pages.warm("idea", "api-comments", "voting-idea", "measure")
    comment = comment_create(author=world.resident, text="Bitte auch am Markt!", idea=idea)
    assert "Bitte auch am Markt!" in text(pages.get("idea"))
    assert "Bitte auch am Markt!" in str(pages.get("api-comments").json())
    assert pages.states("voting-idea", "measure") == {"voting-idea": "hit", "measure": "hit"}

    content_hide(
        moderator=moderator,
        rule="spam",
        statement="Werbung.",
        comment=comment,
    )
    assert "Bitte auch am Markt!" not in text(pages.get("idea"))


def test_a_comment_on_a_measure_changes_that_measure_page_only(world, pages):
    pages.warm("measure", "strategy", "idea")
    comment_create(author=world.resident, text="Wann kommt das?", measure=world.measure)
    assert "Wann kommt das?" in text(pages.get("measure"))
    assert pages.states("strategy", "idea") == {"strategy": "hit", "idea": "hit"}


def test_a_phase_change_changes_the_project_pages_at_once(world, pages):
    pages.warm("voting-project", "voting-idea", "projects", "strategy")
    before = text(pages.get("voting-idea"))
    phase = world.voting_project.phases.get()
    phase.end = timezone.now() - datetime.timedelta(minutes=1)
    phase.start = phase.end - datetime.timedelta(days=3)
    phase_save(phase=phase, actor=None)

    after = pages.get("voting-idea")
    assert after[HEADER] == "miss"
    assert text(after) != before
    assert pages.states("voting-project", "projects") == {
        "voting-project": "miss",
        "projects": "miss",
    }
    assert pages.get("strategy")[HEADER] == "hit"


def test_a_page_is_kept_only_until_a_phase_starts_or_ends(world, pages):
    """A phase that ends changes the pages without any write: they are stored only until
    then — a phase ending within the second leaves them uncached."""
    from projects.pagecache import seconds_until_phase_change

    phase = world.voting_project.phases.get()
    ends_in = (phase.end - timezone.now()).total_seconds()
    assert 0 < seconds_until_phase_change() <= ends_in
    phase.end = timezone.now() + datetime.timedelta(seconds=0.5)
    phase_save(phase=phase, actor=None)

    assert pages.get("voting-idea")[HEADER] == "skip"
    assert pages.get("strategy")[HEADER] == "miss"  # no phase in it


def test_an_edited_project_shows_at_once(world, pages):
    pages.warm("projects", "project", "api-projects", "strategy")
    project = world.ideas_project
    project.title = "Licht für Winzerla"
    project_save(project=project, actor=None)
    for name in ("projects", "project"):
        assert "Licht für Winzerla" in text(pages.get(name)), name
    assert "Licht für Winzerla" in str(pages.get("api-projects").json())
    assert pages.get("strategy")[HEADER] == "hit"


def test_a_renamed_author_shows_at_once(world, pages):
    pages.warm("idea", "strategy")
    world.other.display_name = "Frieda Umbenannt"
    world.other.save()
    assert "Frieda Umbenannt" in text(pages.get("idea"))
    assert pages.get("strategy")[HEADER] == "hit"
