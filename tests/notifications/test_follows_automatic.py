"""Taking part follows automatically: one's own idea, what one commented on, what one
supported (issue 5, section 1)."""

import pytest

from participation.ideas.services.comments import comment_create
from participation.ideas.services.ideas import idea_create
from participation.ideas.services.votes import vote_cast
from participation.notifications.models import Follow
from tests.factories import (
    IdeaFactory,
    MeasureFactory,
    PhaseFactory,
    ProjectFactory,
    UserFactory,
    VotingPhaseFactory,
    point,
)

pytestmark = pytest.mark.django_db


def test_proposing_an_idea_follows_it():
    project = ProjectFactory()
    PhaseFactory(project=project)
    author = UserFactory()

    idea = idea_create(
        author=author,
        project=project,
        title="Laterne",
        text="Hier fehlt Licht.",
        location=point(),
    )

    assert Follow.objects.get(user=author, idea=idea).is_automatic


def test_commenting_on_a_measure_follows_the_measure():
    measure = MeasureFactory()
    author = UserFactory()

    comment_create(author=author, text="Wann geht es los?", measure=measure)

    assert Follow.objects.filter(user=author, measure=measure, is_automatic=True).exists()


def test_supporting_an_idea_follows_it_once_even_when_commenting_too():
    project = ProjectFactory()
    VotingPhaseFactory(project=project)
    idea = IdeaFactory(project=project)
    resident = UserFactory()

    vote_cast(user=resident, idea=idea)
    comment_create(author=resident, text="Gute Idee.", idea=idea)

    assert Follow.objects.filter(user=resident, idea=idea).count() == 1
