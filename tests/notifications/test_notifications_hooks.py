"""The actions notify (after the lead wired the notification calls into the services and
the receivers in ParticipationConfig.ready): what each action writes, in the same
transaction, and what is mailed after commit — also when the broker is down."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from measures import services as measure_services
from measures.models import Status
from participation.ideas.services import comments as comment_services
from participation.ideas.services import ideas as idea_services
from participation.moderation import services as moderation_services
from participation.moderation.models import FlagReason, ModerationDecision
from participation.notifications import tasks
from participation.notifications.models import Delivery, Follow, Notification, NotificationKind
from tests.factories import MeasureFactory, ProjectFactory, SuperuserFactory, UserFactory, point
from tests.ideas.factories_comments_votes import (
    comment_phase,
    idea_in_open_phase,
    moderator_of,
)

pytestmark = [pytest.mark.django_db]


def kinds_of(user):
    return set(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_new_idea_tells_the_projects_followers_in_their_digest(
    django_capture_on_commit_callbacks,
):
    project = ProjectFactory()
    comment_phase(project)
    follower = UserFactory()
    Follow.objects.create(user=follower, project=project)
    author = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        idea = idea_services.idea_create(
            author=author, project=project, title="Bank am Teich", text="Eine Bank bitte.",
            location=point(),
        )
    row = Notification.objects.get(recipient=follower)
    assert (row.kind, row.idea_id, row.delivery) == (
        NotificationKind.NEW_IDEA, idea.pk, Delivery.DAILY)
    assert not Notification.objects.filter(recipient=author).exists()
    assert mail.outbox == []


def test_a_comment_mails_the_ideas_author_at_once_and_a_reply_the_comments_author(
    django_capture_on_commit_callbacks,
):
    idea = idea_in_open_phase()
    commenter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_services.comment_create(author=commenter, text="Gute Idee", idea=idea)
    assert kinds_of(idea.author) == {NotificationKind.COMMENT_ON_MY_IDEA}
    assert [m.to for m in mail.outbox] == [[idea.author.email]]
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.comment_create(
            author=idea.author, text="Danke!", idea=idea, parent=first
        )
    assert kinds_of(commenter) == {NotificationKind.REPLY_TO_MY_COMMENT}
    assert len(mail.outbox) == 2 and mail.outbox[1].to == [commenter.email]


def test_an_official_response_tells_the_author(django_capture_on_commit_callbacks):
    idea = idea_in_open_phase()
    moderator = moderator_of(idea.project)
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.idea_set_status_and_response(
            idea=idea, actor=moderator, status="accepted", official_response="Machen wir."
        )
    assert kinds_of(idea.author) == {NotificationKind.IDEA_RESPONSE}
    assert "angenommen" in mail.outbox[0].subject


def test_hiding_tells_the_author_with_the_statement_and_the_review_decision_too(
    django_capture_on_commit_callbacks,
):
    idea = idea_in_open_phase()
    moderator = moderator_of(idea.project)
    with django_capture_on_commit_callbacks(execute=True):
        decision = moderation_services.content_hide(
            moderator=moderator, rule=FlagReason.INSULT,
            statement="Der Text beleidigt eine Person.", idea=idea,
        )
    assert kinds_of(idea.author) == {NotificationKind.CONTENT_HIDDEN}
    assert "Der Text beleidigt eine Person." in mail.outbox[0].body

    moderation_services.review_request(author=idea.author, decision=decision, text="Bitte prüfen")
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.review_decide(
            moderator=moderator, decision=decision,
            outcome=ModerationDecision.ReviewOutcome.REVERSED, statement="Sie haben recht.",
        )
    assert NotificationKind.REVIEW_DECIDED in kinds_of(idea.author)
    assert "Sie haben recht." in mail.outbox[-1].body


def test_a_published_progress_update_reaches_the_followers(django_capture_on_commit_callbacks):
    measure = MeasureFactory()
    follower = UserFactory()
    Follow.objects.create(user=follower, measure=measure)
    with django_capture_on_commit_callbacks(execute=True):
        measure_services.progress_update_publish(
            measure=measure, actor=SuperuserFactory(), date=datetime.date(2026, 3, 1),
            status=Status.IN_PROGRESS, progress=55, text="Weiter geht's.",
        )
    assert kinds_of(follower) == {NotificationKind.PROGRESS_UPDATE}


def test_with_the_broker_down_a_comment_still_succeeds_fast_and_the_sweeper_mails_it(
    client, django_capture_on_commit_callbacks,
):
    idea = idea_in_open_phase()
    commenter = UserFactory()
    client.force_login(commenter)
    boom = OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
    # The broker's refusal is simulated (it comes at once), so this test proves that the
    # request succeeds through it; that it does not wait for a broker that is really down
    # is tests/reliability's test_request_succeeds_quickly_with_the_broker_down_...
    with mock.patch.object(tasks.send_notification_emails, "delay", side_effect=boom) as delay:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("ideas:comment-create-idea", args=[idea.pk]),
                {"text": "Sehr gut!"},
            )
    assert response.status_code == 302 and delay.call_count == 1
    row = Notification.objects.get(recipient=idea.author)
    assert row.emailed_at is None and mail.outbox == []
    Notification.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    tasks.sweep_pending_notifications.delay()
    tasks.sweep_pending_notifications.delay()
    assert [m.to for m in mail.outbox] == [[idea.author.email]]
