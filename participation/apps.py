from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Beteiligung")

    def ready(self) -> None:
        from core.sections import register_section
        from measures import events as measure_events

        from .notifications import events as notification_events
        from .views import comments, follows, ideas, moderation

        register_section("measure", ideas.measure_ideas_section)
        register_section("measure", comments.measure_comments_section)
        register_section("project", ideas.project_ideas_section)
        register_section("project", comments.project_comments_section)
        register_section("project", moderation.project_moderation_section)
        register_section("measure", follows.measure_follow_section)
        register_section("project", follows.project_follow_section)
        measure_events.progress_update_published.connect(
            notification_events.on_progress_update_published,
            dispatch_uid="participation.notify_progress_update",
        )
        measure_events.milestone_reached.connect(
            notification_events.on_milestone_reached,
            dispatch_uid="participation.notify_milestone_reached",
        )
