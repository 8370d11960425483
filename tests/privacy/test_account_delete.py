"""GDPR: deleting one's account. Afterwards nothing personal remains: every text column of
every table is searched for the e-mail address and the display name."""

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from participation.ideas.models import Comment, Idea, Vote
from participation.ideas.services.counters import idea_counters_refresh
from participation.notifications.models import Follow, Notification
from participation.notifications.services import notify
from privacy import deletion
from tests.factories import (
    DEFAULT_PASSWORD,
    CommentFactory,
    IdeaFactory,
    MeasureFactory,
    StaffFactory,
    UserFactory,
    VotingPhaseFactory,
)

pytestmark = pytest.mark.django_db

EMAIL = "loesch.mich@example.org"
NAME = "Lieselotte Löschbar"


def rows_mentioning(*needles: str) -> list[str]:
    """Every row of every table with a text or JSON column containing one of needles."""
    found = []
    for model in apps.get_models():
        fields = [
            f.name for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.EmailField)
        ]
        json_fields = [f.name for f in model._meta.concrete_fields
                       if isinstance(f, models.JSONField)]
        condition = Q()
        for needle in needles:
            for name in fields:
                condition |= Q(**{f"{name}__icontains": needle})
        if condition:
            for row in model._default_manager.filter(condition):
                found.append(f"{model._meta.label} {row.pk}")
        for name in json_fields:  # JSON: searched as text, portable across databases
            for pk, value in model._default_manager.values_list("pk", name):
                if any(needle.lower() in str(value).lower() for needle in needles):
                    found.append(f"{model._meta.label} {pk} ({name})")
    return found


@pytest.fixture
def person():
    user = UserFactory(email=EMAIL, display_name=NAME)
    own = IdeaFactory(author=user, title="Meine Idee")
    CommentFactory(idea=own, text="Antwort einer anderen Person")
    other_idea = IdeaFactory(title="Idee einer anderen Person")
    mine = CommentFactory(author=user, idea=other_idea, text="Mein Kommentar dazu")
    phase = VotingPhaseFactory(project=other_idea.project)
    Vote.objects.create(user=user, idea=other_idea, phase=phase)
    Vote.objects.create(user=UserFactory(), idea=other_idea, phase=phase)
    idea_counters_refresh(idea_id=other_idea.pk)
    Follow.objects.create(user=user, measure=MeasureFactory())
    notify(recipients=[other_idea.author], kind="comment_on_my_idea", event_key="c:1",
           url="/", context={"actor": NAME, "excerpt": "Mein Kommentar dazu"},
           idea=other_idea, comment=mine)
    notify(recipients=[user], kind="idea_response", event_key="r:1", url="/",
           context={"idea": "Meine Idee"}, idea=own)
    return user, own, other_idea, mine


def sign_in_elsewhere(user) -> Client:
    other = Client()
    other.force_login(user)
    return other


@pytest.mark.parametrize("choice", [deletion.ANONYMISE, deletion.REMOVE])
def test_nothing_personal_remains_anywhere(client, person, choice):
    user, own, other_idea, mine = person
    elsewhere = sign_in_elsewhere(user)
    assert rows_mentioning(EMAIL, NAME)  # the search finds them before

    client.force_login(user)
    response = client.post(reverse("privacy:account-delete"),
                           {"contributions": choice, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302

    assert rows_mentioning(EMAIL, NAME) == []
    assert not type(user).objects.filter(pk=user.pk).exists()
    assert not Follow.objects.filter(user_id=user.pk).exists()
    assert not Notification.objects.filter(recipient_id=user.pk).exists()
    assert "_auth_user_id" not in client.session
    assert elsewhere.get(reverse("users:profile")).status_code == 302  # ended everywhere
    assert not [s for s in Session.objects.all()
                if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    other_idea.refresh_from_db()
    assert other_idea.vote_count == 2 and Vote.objects.filter(user=None).count() == 1
    if choice == deletion.ANONYMISE:
        assert Idea.objects.get(pk=own.pk).author is None
        assert Comment.objects.get(pk=mine.pk).text == "Mein Kommentar dazu"
    else:
        assert not Idea.objects.filter(pk=own.pk).exists()
        removed = Comment.objects.get(pk=mine.pk)
        assert (removed.text, removed.is_deleted, removed.author) == ("", True, None)
        assert rows_mentioning("Mein Kommentar dazu") == []
        assert other_idea.comment_count == 0


def test_the_password_is_required_and_nothing_happens_without_it(client, person):
    user = person[0]
    client.force_login(user)
    response = client.post(reverse("privacy:account-delete"),
                           {"contributions": deletion.ANONYMISE, "password": "falsch"})
    assert response.status_code == 200
    assert "Das Passwort stimmt nicht." in response.content.decode()
    assert type(user).objects.filter(pk=user.pk).exists()
    with pytest.raises(ValidationError):
        deletion.account_delete(user=user, password=DEFAULT_PASSWORD, contributions="alles")


def test_staff_accounts_are_closed_by_the_administration(client):
    staff = StaffFactory()
    with pytest.raises(PermissionDenied):
        deletion.account_delete(user=staff, password=DEFAULT_PASSWORD,
                                contributions=deletion.ANONYMISE)
    client.force_login(staff)
    assert "von der Verwaltung geschlossen" in client.get(
        reverse("privacy:account-delete")
    ).content.decode()


def test_the_page_needs_a_sign_in(client):
    response = client.get(reverse("privacy:account-delete"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
