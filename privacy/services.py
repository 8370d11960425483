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
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from barriers import selectors as barriers_selectors
from core.exceptions import Invalid, NotAllowed
from participation.budgets import personal as budgets_personal
from participation.ideas.selectors import personal as ideas_selectors
from participation.moderation import selectors as moderation_selectors
from participation.notifications import selectors as notifications_selectors
from participation.notifications import services as notifications_services
from participation.polls import personal as polls_personal
from verification import personal_data as verification_personal

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


def collect(user) -> tuple[dict, list[tuple[str, object]]]:
    """(the data as JSON values, [(path in the ZIP, file field)] of the person's photos).
    Each app gives what it stores about the person (its ``personal_data`` selector); a
    fixed number of queries whatever the amount of data."""
    contributions, photos = ideas_selectors.personal_data(user)
    notifications = notifications_selectors.personal_data(user)
    moderation = moderation_selectors.personal_data(user)
    residence = verification_personal.personal_data(user)
    budgets = budgets_personal.personal_data(user)
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
        "notification_preferences": notifications["notification_preferences"],
        "ideas": contributions["ideas"],
        "comments": contributions["comments"],
        "votes": contributions["votes"],
        "follows": notifications["follows"],
        "reports_made": moderation["reports_made"],
        "moderation_of_my_content": moderation["moderation_of_my_content"],
        "report_alerts": moderation["report_alerts"],
        "notifications": notifications["notifications"],
        "api_token": _token_info(user),
        "residence_verifications": residence["verifications"],
        "letter_codes": residence["letter_codes"],
        "residence_refused_as_second_account": residence["refused_as_second_account"],
        **budgets,
        **polls_personal.personal_data(user),
        "barrier_reports": barriers_selectors.personal_data(user),
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
        raise NotAllowed(_("Bitte melden Sie sich an."))
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one at a time
    latest = DataExport.objects.filter(user=user).order_by("-created_at").first()
    if latest is not None and latest.state == DataExport.State.PENDING:
        raise Invalid(_("Ihre Datenauskunft wird gerade erstellt."))
    if latest is not None and timezone.now() - latest.created_at < MIN_INTERVAL:
        raise Invalid(
            _(
                "Sie haben gerade erst eine Datenauskunft angefordert. Bitte warten Sie "
                "einige Minuten."
            )
        )
    export = DataExport.objects.create(user=user)
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    from core.tasks import safe_delay

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
    deleted_notifications = notifications_services.notifications_expire(
        before=now - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    )
    unverified_cutoff = now - timedelta(days=settings.UNVERIFIED_ACCOUNT_DAYS)
    stale_accounts = ideas_selectors.without_contributions(
        get_user_model().objects.filter(
            date_joined__lt=unverified_cutoff, is_staff=False, is_superuser=False,
            last_login__isnull=True,
        ).exclude(emailaddress__verified=True)
    )
    accounts = stale_accounts.count()
    for user in stale_accounts.iterator():
        user.delete()
    return {
        "notifications": deleted_notifications,
        "unverified_accounts": accounts,
        "data_exports": data_exports_expire(now),
    }
