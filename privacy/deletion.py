"""GDPR: deleting one's own account (Art. 17).

The person confirms with their password and chooses what happens to what they wrote:

* ``anonymise``: ideas and comments stay, without an author (shown as "gelöschtes Konto");
* ``remove``: their ideas are deleted (with the discussion under them), their comments
  become "gelöscht" placeholders without text, so that replies of others keep their place.

Either way their supports stay as counts without a person, their submitted answers to
polls stay counted without a person (with ``remove`` without the words they wrote), their
poll drafts and the records that they took part go (``participation.polls.personal``),
every session of theirs ends, and everything else that names them is deleted with the
account (e-mail addresses, profile, follows, notifications, preferences, API token,
copies of their data) or cleared (their name in other people's notifications; name and
e-mail address in the barrier reports they sent). Staff accounts are closed by the
administration, not here.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from barriers.services import barrier_reports_forget_person
from core.exceptions import Invalid, NotAllowed
from core.files import delete_files_on_commit
from participation.budgets import personal as budgets_personal
from participation.ideas.services.people import contributions_release
from participation.notifications.services import notifications_forget_person
from participation.polls import personal as polls_personal

from .models import DataExport

logger = logging.getLogger(__name__)

ANONYMISE = "anonymise"
REMOVE = "remove"
CHOICES = (ANONYMISE, REMOVE)


def _end_sessions(user_id: int) -> int:
    """Delete every unexpired session signed in as ``user_id``."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def account_delete(*, user, password: str, contributions: str) -> None:
    if user is None or not user.is_authenticated:
        raise NotAllowed(_("Bitte melden Sie sich an."))
    if user.is_staff or user.is_superuser:
        raise NotAllowed(
            _("Konten der Verwaltung werden von der Verwaltung geschlossen, nicht hier.")
        )
    if contributions not in CHOICES:
        raise Invalid(
            {"contributions": _("Bitte wählen Sie, was mit Ihren Beiträgen geschieht.")}
        )
    if not user.check_password(password or ""):
        raise Invalid({"password": _("Das Passwort stimmt nicht.")})

    user_id = user.pk
    notifications_forget_person(user=user, contributions_removed=contributions == REMOVE)
    contributions_release(user=user, remove=contributions == REMOVE)
    budgets_personal.contributions_release(user=user, remove=contributions == REMOVE)
    polls_personal.contributions_release(user=user, remove=contributions == REMOVE)
    barrier_reports_forget_person(user=user)

    delete_files_on_commit(*(e.file for e in DataExport.objects.filter(user=user)))
    ended = _end_sessions(user_id)
    user.delete()
    logger.info("account %s deleted by its owner (%s; %s sessions ended)", user_id,
                contributions, ended)
