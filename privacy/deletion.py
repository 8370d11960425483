"""GDPR: deleting one's own account (Art. 17).

The person confirms with their password and chooses what happens to what they wrote:

* ``anonymise``: ideas and comments stay, without an author (shown as "gelöschtes Konto");
* ``remove``: their ideas are deleted (with the discussion under them), their comments
  become "gelöscht" placeholders without text, so that replies of others keep their place.

Either way their supports stay as counts without a person, every session of theirs ends,
and everything else that names them is deleted with the account (e-mail addresses,
profile, follows, notifications, preferences, API token, copies of their data) or
cleared (their name in other people's notifications). Staff accounts are closed by the
administration, not here.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.ideas.models import Comment, Idea, Vote
from participation.ideas.services.counters import idea_counters_refresh
from participation.notifications.models import Notification

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


def _delete_files_on_commit(files) -> None:
    def delete():
        for field in files:
            try:
                field.storage.delete(field.name)
            except OSError:
                logger.warning("could not delete %s", field.name)

    transaction.on_commit(delete)


@transaction.atomic
def account_delete(*, user, password: str, contributions: str) -> None:
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    if user.is_staff or user.is_superuser:
        raise PermissionDenied(
            _("Konten der Verwaltung werden von der Verwaltung geschlossen, nicht hier.")
        )
    if contributions not in CHOICES:
        raise ValidationError(
            {"contributions": _("Bitte wählen Sie, was mit Ihren Beiträgen geschieht.")}
        )
    if not user.check_password(password or ""):
        raise ValidationError({"password": _("Das Passwort stimmt nicht.")})

    user_id, public_name = user.pk, user.public_name
    ideas = Idea.objects.filter(author=user)
    comments = Comment.objects.filter(author=user)
    touched_ideas = set(comments.exclude(idea=None).values_list("idea_id", flat=True))
    touched_ideas |= set(Vote.objects.filter(user=user).values_list("idea_id", flat=True))

    # Their name and words in other people's notifications.
    for notification in Notification.objects.filter(context__actor=public_name).exclude(
        recipient=user
    ):
        notification.context = {**notification.context, "actor": ""}
        notification.save(update_fields=["context"])
    if contributions == REMOVE:
        Notification.objects.filter(comment__in=comments).update(context={})
        Notification.objects.filter(idea__in=ideas).update(context={})
        photos = [idea.image for idea in ideas if idea.image]
        touched_ideas -= set(ideas.values_list("pk", flat=True))
        ideas.delete()
        comments.update(text="", is_deleted=True, author=None)
        _delete_files_on_commit(photos)
    else:
        ideas.update(author=None)
        comments.update(author=None)
    Vote.objects.filter(user=user).update(user=None)
    for idea_id in touched_ideas:
        idea_counters_refresh(idea_id=idea_id)

    _delete_files_on_commit([e.file for e in DataExport.objects.filter(user=user) if e.file])
    ended = _end_sessions(user_id)
    user.delete()
    logger.info("account %s deleted by its owner (%s; %s sessions ended)", user_id,
                contributions, ended)
