"""A moderator's opt-in per project: "tell me about new reports here" (``FlagAlert``).

Whoever opts in is told by ``notifications.events.notify_new_flag`` (in-app, and by
e-mail at once unless they chose otherwise in their notification settings) as long as
they still moderate the project.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import NotAllowed
from participation.moderation.models import FlagAlert
from projects.models import Project
from projects.rules import moderates_project


@transaction.atomic
def flag_alert_set(*, user, project: Project, enabled: bool) -> bool:
    """Switch the alerts about new reports in ``project`` on or off for ``user``.

    Who: switching on, only someone who moderates the project (``moderates_project``);
    switching off, anyone for themself (also after losing the moderator role).
    Idempotent. Returns whether something changed.
    """
    if not enabled:
        deleted, _rows = FlagAlert.objects.filter(user=user, project=project).delete()
        return bool(deleted)
    if not moderates_project(user, project):
        raise NotAllowed(_("Sie dürfen Beiträge in diesem Bereich nicht moderieren."))
    _alert, created = FlagAlert.objects.get_or_create(user=user, project=project)
    return created
