"""Who sees the dashboard and the drafts, who makes and publishes reports.

* Council members: members of the group ``COUNCIL_GROUP_NAME`` (default "Stadtrat"),
  assigned in the admin. They see the dashboard and draft reports.
* Staff (``is_staff``) see the same. Staff holding ``reports.add_statusreport`` create and
  generate reports; ``reports.publish_statusreport`` (or superusers) publish them.
* Everyone sees published reports.
"""

from django.conf import settings

from core.rules import cached, is_active_user

from .models import StatusReport

ADD = "reports.add_statusreport"
PUBLISH = "reports.publish_statusreport"


def _active(user) -> bool:
    return is_active_user(user)


def is_council_member(user) -> bool:
    return _active(user) and cached(
        user,
        "council_member",
        lambda: user.groups.filter(name=settings.COUNCIL_GROUP_NAME).exists(),
    )


def can_see_dashboard(user) -> bool:
    return _active(user) and (user.is_staff or is_council_member(user))


def can_see_report(user, report: StatusReport) -> bool:
    return report.is_published or can_see_dashboard(user)


def can_make_reports(user) -> bool:
    return _active(user) and user.is_staff and user.has_perm(ADD)


def can_publish_reports(user) -> bool:
    return _active(user) and user.is_staff and user.has_perm(PUBLISH)
