"""Reports under parallel requests, on PostgreSQL (row locks; SQLite serializes all
writes). The item's row lock makes counting the open reports and the "once" rules exact:

(a) Ten people report one comment at the same moment with a threshold of 3: ten reports,
    the comment hidden once (one automatic decision), the idea's counter exact.
(b) One person reports the same idea from eight threads: one report; the others are
    told they already reported it.
(c) A moderator hides while others report: no deadlock, a consistent end state.
"""

import pytest
from django.test import override_settings

from core.exceptions import Invalid
from participation.ideas.models import Comment, Idea
from participation.ideas.services.counters import idea_counters_refresh
from participation.moderation import services
from participation.moderation.models import Flag, FlagReason, ModerationDecision
from tests import scenarios
from tests.factories import CommentFactory, UserFactory
from tests.ideas.test_votes_concurrency import run_in_parallel

# serialized_rollback: the flush afterwards keeps the rows migrations created (content
# types, permissions), so browser tests running later still find them.
pytestmark = [pytest.mark.django_db(transaction=True)]


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=3)
def test_ten_parallel_reports_hide_a_comment_exactly_once(requires_postgres):
    world = scenarios.two_projects_with_their_moderators()
    idea_counters_refresh(idea_id=world.idea_a.pk)
    people = UserFactory.create_batch(10)
    comment_id = world.comment_a.pk

    results = run_in_parallel(
        [
            lambda user=user: services.flag_create(
                reporter=user, reason=FlagReason.SPAM,
                comment=Comment.objects.get(pk=comment_id),
            )
            for user in people
        ]
    )

    errors = [r for r in results if isinstance(r, Exception)]
    # Reports that arrive after the hiding are refused (nothing left to see).
    assert all(isinstance(e, Invalid) for e in errors), errors
    assert Flag.objects.filter(comment_id=comment_id).count() == 10 - len(errors) >= 3
    assert ModerationDecision.objects.filter(comment_id=comment_id).count() == 1
    assert Comment.objects.get(pk=comment_id).is_hidden
    assert Idea.objects.get(pk=world.idea_a.pk).comment_count == 0


def test_one_person_reporting_from_eight_threads_gets_one_report(requires_postgres):
    world = scenarios.two_projects_with_their_moderators()
    idea_id = world.idea_a.pk

    results = run_in_parallel(
        [
            lambda: services.flag_create(
                reporter=world.resident, reason=FlagReason.INSULT,
                idea=Idea.objects.get(pk=idea_id),
            )
            for _ in range(8)
        ]
    )

    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 7
    assert all("bereits gemeldet" in str(r) for r in refused)
    assert Flag.objects.filter(idea_id=idea_id).count() == 1


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=100)
def test_hiding_while_others_report_stays_consistent(requires_postgres):
    world = scenarios.two_projects_with_their_moderators()
    extra = [CommentFactory(idea=world.idea_a) for _ in range(3)]
    idea_counters_refresh(idea_id=world.idea_a.pk)
    people = UserFactory.create_batch(6)
    comment_id = world.comment_a.pk

    calls = [
        lambda user=user: services.flag_create(
            reporter=user, reason=FlagReason.SPAM, comment=Comment.objects.get(pk=comment_id)
        )
        for user in people
    ] + [
        lambda: services.content_hide(
            moderator=world.moderator_a, comment=Comment.objects.get(pk=comment_id),
            rule=FlagReason.SPAM, statement="Werbung. Regel 1.",
        )
    ]
    run_in_parallel(calls)

    assert Comment.objects.get(pk=comment_id).is_hidden
    # Reports filed before the decision were upheld by it; none filed after it.
    assert not Flag.objects.filter(comment_id=comment_id, status=Flag.Status.OPEN).exists()
    assert Idea.objects.get(pk=world.idea_a.pk).comment_count == len(extra)
