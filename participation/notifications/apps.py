from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "participation.notifications"
    label = "notifications"
    verbose_name = _("Benachrichtigungen")

    def ready(self) -> None:
        from core.sections import register_section
        from measures import events as measure_events
        from participation.budgets import events as budget_events
        from participation.ideas import events as idea_events
        from participation.moderation import events as moderation_events

        from . import receivers
        from .views import follows

        register_section("measure", follows.measure_follow_section)
        register_section("project", follows.project_follow_section)
        measure_events.progress_update_published.connect(
            receivers.on_progress_update_published,
            dispatch_uid="notifications.notify_progress_update",
        )
        measure_events.milestone_reached.connect(
            receivers.on_milestone_reached,
            dispatch_uid="notifications.notify_milestone_reached",
        )
        budget_events.budget_results_published.connect(
            receivers.on_budget_results_published,
            dispatch_uid="notifications.notify_budget_results",
        )
        for signal, receiver in (
            (idea_events.idea_created, receivers.on_idea_created),
            (idea_events.idea_answered, receivers.on_idea_answered),
            (idea_events.comment_created, receivers.on_comment_created),
            (idea_events.vote_cast, receivers.on_vote_cast),
            (moderation_events.flag_created, receivers.on_flag_created),
            (moderation_events.content_hidden, receivers.on_content_hidden),
            (moderation_events.review_decided, receivers.on_review_decided),
            (budget_events.proposal_submitted, receivers.on_proposal_submitted),
            (budget_events.proposal_merged, receivers.on_proposal_merged),
            (budget_events.proposal_reviewed, receivers.on_proposal_reviewed),
            (budget_events.proposal_corrected, receivers.on_proposal_corrected),
        ):
            signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")
