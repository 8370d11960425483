"""GDPR: a person's copy of everything the portal stores about them.

``data_export_request`` (the person, from their account page) records the request and
enqueues the Celery task after commit; ``data_export_build`` (the task) collects the
data into ``daten.json`` plus the person's own idea photos, zips it into private storage
and tells the person by e-mail. The file can be downloaded by that person only and
expires after PRIVACY_EXPORT_VALID_DAYS; ``data_exports_expire`` (periodic) deletes
expired files.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import zipfile
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participation.ideas.models import Comment, Idea, Vote
from participation.moderation.models import Flag, FlagAlert, ModerationDecision
from participation.notifications.delivery import MAX_ATTEMPTS
from participation.notifications.models import Follow, Notification, NotificationPreference
from participation.notifications.services import describe

from .models import DataExport

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
# One request at a time, and not more often than this.
MIN_INTERVAL = timedelta(minutes=10)


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat()


# --- Collecting -----------------------------------------------------------------------------


def _comment_target(comment: Comment) -> dict:
    if comment.idea_id:
        return {"type": "idea", "id": comment.idea_id, "title": comment.idea.title}
    if comment.measure_id:
        return {"type": "measure", "code": comment.measure.code, "title": comment.measure.title}
    return {"type": "project", "slug": comment.project.slug, "title": comment.project.title}


def _photo_path(idea: Idea) -> str:
    return f"fotos/idee-{idea.pk}-{idea.image.name.rsplit('/', 1)[-1]}"


def collect(user) -> tuple[dict, list[tuple[str, object]]]:
    """(the data as JSON values, [(path in the ZIP, file field)] of the person's photos).
    A fixed number of queries whatever the amount of data."""
    ideas = list(
        Idea.objects.filter(author=user).select_related("project", "category", "district")
    )
    comments = list(
        Comment.objects.filter(author=user).select_related("idea", "measure", "project")
    )
    follows = list(
        Follow.objects.filter(user=user).select_related(
            "measure", "bundle", "core_area", "project", "idea", "district"
        )
    )
    notifications = describe(Notification.objects.filter(recipient=user).order_by("created_at"))
    decisions = list(
        ModerationDecision.objects.filter(idea__author=user).select_related("idea")
    ) + list(
        ModerationDecision.objects.filter(comment__author=user).select_related("comment")
    )
    photos = [(_photo_path(idea), idea.image) for idea in ideas if idea.image]
    data = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "site": settings.SITE_URL,
        "account": {
            "id": user.pk,
            "email": user.email,
            "display_name": user.display_name,
            "public_name": user.public_name,
            "home_district": user.home_district.name if user.home_district_id else None,
            "preferred_language": user.preferred_language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_staff": user.is_staff,
            "groups": list(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "notification_preferences": dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
        ),
        "ideas": [
            {
                "id": idea.pk,
                "project": idea.project.title,
                "title": idea.title,
                "text": idea.text,
                "category": idea.category.name if idea.category_id else None,
                "district": idea.district.name if idea.district_id else None,
                "location": idea.location or None,
                "place_description": idea.place_description,
                "photo": _photo_path(idea) if idea.image else None,
                "photo_description": idea.image_alt,
                "status": idea.status,
                "official_response": idea.official_response,
                "hidden": idea.is_hidden,
                "created_at": _iso(idea.created_at),
                "updated_at": _iso(idea.updated_at),
            }
            for idea in ideas
        ],
        "comments": [
            {
                "id": c.pk,
                "on": _comment_target(c),
                "reply_to": c.parent_id,
                "text": c.text,
                "deleted": c.is_deleted,
                "hidden": c.is_hidden,
                "created_at": _iso(c.created_at),
                "edited_at": _iso(c.edited_at),
            }
            for c in comments
        ],
        "votes": [
            {"idea": v.idea_id, "idea_title": v.idea.title, "created_at": _iso(v.created_at)}
            for v in Vote.objects.filter(user=user).select_related("idea")
        ],
        "follows": [
            {
                "type": next(name for name in Follow.TARGETS if getattr(f, f"{name}_id")),
                "target": str(f.target),
                "automatic": f.is_automatic,
                "since": _iso(f.created_at),
            }
            for f in follows
        ],
        "reports_made": [
            {
                "on": {"idea": r.idea_id} if r.idea_id else {"comment": r.comment_id},
                "reason": r.reason,
                "text": r.text,
                "status": r.status,
                "created_at": _iso(r.created_at),
            }
            for r in Flag.objects.filter(reporter=user)
        ],
        "moderation_of_my_content": [
            {
                "on": {"idea": d.idea_id} if d.idea_id else {"comment": d.comment_id},
                "action": d.action,
                "rule": d.rule,
                "statement": d.statement,
                "created_at": _iso(d.created_at),
                # the person's own request for review and its outcome (DSA art. 20)
                "review_requested_at": _iso(d.review_requested_at),
                "review_text": d.review_text,
                "review_outcome": d.review_outcome,
                "review_decided_at": _iso(d.review_decided_at),
            }
            for d in decisions
        ],
        "report_alerts": list(
            FlagAlert.objects.filter(user=user).values_list("project__title", flat=True)
        ),
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "url": n.url,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
                "emailed_at": _iso(n.emailed_at),
            }
            for n in notifications
        ],
        "api_token": _token_info(user),
    }
    return data, photos


def _token_info(user) -> dict | None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.filter(user=user).first()
    return {"created": _iso(token.created)} if token else None  # never the key itself


# --- Requesting, building, downloading -----------------------------------------------------


@transaction.atomic
def data_export_request(*, user) -> DataExport:
    """Ask for a copy of one's data. Refused while one is being built or was asked for
    in the last minutes."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one at a time
    latest = DataExport.objects.filter(user=user).order_by("-created_at").first()
    if latest is not None and latest.state == DataExport.State.PENDING:
        raise ValidationError(_("Ihre Datenauskunft wird gerade erstellt."))
    if latest is not None and timezone.now() - latest.created_at < MIN_INTERVAL:
        raise ValidationError(
            _(
                "Sie haben gerade erst eine Datenauskunft angefordert. Bitte warten Sie "
                "einige Minuten."
            )
        )
    export = DataExport.objects.create(user=user)
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    from participation.notifications.services import safe_delay

    from .tasks import build_data_export

    safe_delay(build_data_export, export_id)


def data_export_build(export_id: int) -> bool:
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.state != DataExport.State.PENDING:
        return False
    user = export.user
    try:
        data, photos = collect(user)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "daten.json", json.dumps(data, ensure_ascii=False, indent=2, default=str)
            )
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                archive.writestr("LIESMICH.txt", render_to_string("privacy/readme.txt", {
                    "user": user, "site_name": settings.SITE_NAME,
                }))
            for path, field in photos:
                try:
                    with field.open("rb") as handle:
                        archive.writestr(path, handle.read())
                except OSError:
                    logger.warning("photo %s of user %s missing", field.name, user.pk)
    except Exception:  # noqa: BLE001 - shown to the person, who may ask again
        logger.exception("data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(state=DataExport.State.FAILED)
        return False
    now = timezone.now()
    export.file.save(f"datenauskunft-{user.pk}-{now:%Y%m%d%H%M%S}.zip",
                     ContentFile(buffer.getvalue()), save=False)
    export.size = buffer.tell()
    export.state = DataExport.State.READY
    export.ready_at = now
    export.expires_at = now + timedelta(days=settings.PRIVACY_EXPORT_VALID_DAYS)
    export.save()
    _tell(export)
    return True


def _tell(export: DataExport) -> None:
    user = export.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        url = settings.SITE_URL.rstrip("/") + reverse("privacy:data")
        try:
            send_mail(
                _("[%(site)s] Ihre Datenauskunft ist bereit") % {"site": settings.SITE_NAME},
                render_to_string("privacy/ready_email.txt", {
                    "user": user, "url": url, "export": export, "site_name": settings.SITE_NAME,
                }),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
        except Exception:  # noqa: BLE001 - the page shows the file anyway
            logger.warning("could not tell user %s that the export is ready", user.pk)


def data_export_for_download(*, user, export_id: int) -> DataExport:
    """The person's own, still valid export; DataExport.DoesNotExist otherwise."""
    export = DataExport.objects.get(pk=export_id, user=user)
    if not export.is_available:
        raise DataExport.DoesNotExist
    return export


def data_exports_expire(now: datetime.datetime | None = None) -> int:
    """Periodic: delete the files of expired exports (and exports older than a month)."""
    now = now or timezone.now()
    expired = DataExport.objects.filter(expires_at__lte=now) | DataExport.objects.filter(
        created_at__lte=now - timedelta(days=30)
    )
    count = 0
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count


# --- Retention (periodic) ------------------------------------------------------------------


def apply_retention(now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete what is no longer needed (data minimisation, GDPR Art. 5(1)(e)):

    * notifications older than NOTIFICATION_RETENTION_DAYS, unless their e-mail is still
      to be sent;
    * accounts whose e-mail address was never confirmed within UNVERIFIED_ACCOUNT_DAYS
      and that have no contributions (they could not post anything);
    * expired copies of personal data (``data_exports_expire``).
    """
    now = now or timezone.now()
    notifications_cutoff = now - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    still_to_mail = Q(emailed_at__isnull=True, email_skipped=False) & ~Q(delivery="off") & Q(
        email_attempts__lt=MAX_ATTEMPTS
    )
    deleted_notifications = (
        Notification.objects.filter(created_at__lt=notifications_cutoff)
        .exclude(still_to_mail)
        .delete()[0]
    )
    unverified_cutoff = now - timedelta(days=settings.UNVERIFIED_ACCOUNT_DAYS)
    User = get_user_model()
    stale_accounts = User.objects.filter(
        date_joined__lt=unverified_cutoff, is_staff=False, is_superuser=False,
        last_login__isnull=True,
    ).exclude(emailaddress__verified=True).exclude(
        pk__in=Idea.objects.exclude(author=None).values("author_id")
    ).exclude(pk__in=Comment.objects.exclude(author=None).values("author_id"))
    accounts = stale_accounts.count()
    for user in stale_accounts.iterator():
        user.delete()
    return {
        "notifications": deleted_notifications,
        "unverified_accounts": accounts,
        "data_exports": data_exports_expire(now),
    }
