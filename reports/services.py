"""Status reports: create, edit, generate (Celery), publish — every rule checked here.

Generation runs in a Celery task (``reports.tasks.generate_status_report``), enqueued
after commit. The report row shows how far it got (``progress``, ``progress_step``); a
failure is stored (``error``, state FAILED) and can be retried from the page. A
generated report is frozen: its snapshot, HTML and PDF (one of each per language of the
site, all from the same snapshot) never read live data again.
"""

from __future__ import annotations

import logging
import time
import traceback

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import Invalid, NotAllowed

from .models import StatusReport
from .rules import can_make_reports, can_publish_reports

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "as_of",
    "summary",
    "council_paper_number",
    "council_paper_url",
    "oparl_paper_url",
)
# A generation that has shown no sign of life for this long is taken as dead (worker
# killed): it may be started again.
STUCK_AFTER_SECONDS = 15 * 60


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


@transaction.atomic
def report_save(*, actor, report: StatusReport | None = None, data: dict) -> StatusReport:
    """Create a report, or change the description of one not yet published. Changing
    the period or date of a generated draft sends it back to DRAFT (generate again)."""
    _require(can_make_reports(actor), _("Sie dürfen keine Sachstandsberichte anlegen."))
    if report is None:
        report = StatusReport(created_by=actor)
    else:
        report = StatusReport.objects.select_for_update().get(pk=report.pk)
        if report.is_published:
            raise Invalid(
                _("Ein veröffentlichter Bericht kann nicht mehr geändert werden.")
            )
        if report.is_busy:
            raise Invalid(_("Der Bericht wird gerade erzeugt. Bitte warten Sie."))
    before = {name: getattr(report, name) for name in EDITABLE_FIELDS}
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(report, name, data[name])
    report.full_clean()
    changed = any(getattr(report, name) != before[name] for name in EDITABLE_FIELDS)
    if report.pk and changed and report.state == StatusReport.State.READY:
        report.state = StatusReport.State.DRAFT  # the frozen content no longer matches
        report.progress, report.progress_step = 0, ""
    report.save()
    return report


def _is_stuck(report: StatusReport) -> bool:
    return (
        report.is_busy
        and (timezone.now() - report.updated_at).total_seconds() > STUCK_AFTER_SECONDS
    )


@transaction.atomic
def report_request_generation(*, actor, report: StatusReport) -> StatusReport:
    """Queue (or re-queue, after a failure) the generation of a draft."""
    _require(can_make_reports(actor), _("Sie dürfen keine Sachstandsberichte erzeugen."))
    report = StatusReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise Invalid(_("Ein veröffentlichter Bericht ist eingefroren."))
    if report.is_busy and not _is_stuck(report):
        raise Invalid(_("Der Bericht wird bereits erzeugt."))
    report.state = StatusReport.State.QUEUED
    report.progress, report.progress_step, report.error = 0, _("wartet"), ""
    report.save(update_fields=["state", "progress", "progress_step", "error", "updated_at"])
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(report_id: int) -> None:
    from core.tasks import safe_delay

    from .tasks import generate_status_report

    safe_delay(generate_status_report, report_id)


def _step(report_id: int, progress: int, step: str) -> None:
    StatusReport.objects.filter(pk=report_id).update(
        progress=progress, progress_step=step, updated_at=timezone.now()
    )


def report_languages() -> list[str]:
    """The languages a report is generated in: the default language (German) first, then
    the site's others (``settings.LANGUAGES``)."""
    default = settings.LANGUAGE_CODE
    return [default, *(code for code, _name in settings.LANGUAGES if code != default)]


def _rendition_step(language: str) -> str:
    """The progress step of making the PDF in ``language``: the default language's, or
    the English version (the only other language a report has fields for)."""
    if language == settings.LANGUAGE_CODE:
        return _("PDF wird erzeugt")
    return _("Englische Fassung wird erzeugt")


def report_generate(report_id: int) -> bool:
    """The task's work: the snapshot, then from that one snapshot the HTML and the PDF in
    every language of the site (``report_languages``). Returns whether it generated the
    report; a failure in any language fails the whole generation (stored, retryable).
    Runs only for a queued report (a task delivered twice, or for a report that was
    published meanwhile, does nothing)."""
    from django.utils import translation

    from .render import render_body, render_pdf
    from .snapshot import build_snapshot

    with transaction.atomic():
        report = StatusReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or not (report.state == StatusReport.State.QUEUED or _is_stuck(report)):
            return False
        report.state = StatusReport.State.GENERATING
        report.attempts += 1
        report.save(update_fields=["state", "attempts", "updated_at"])
    started = time.monotonic()
    default = settings.LANGUAGE_CODE
    languages = report_languages()
    bodies: dict[str, str] = {}
    pdfs: dict[str, bytes] = {}
    try:
        for language in languages:  # a language without fields fails here, before the work
            StatusReport._meta.get_field(StatusReport.rendition_fields(language)[1])
        # The step texts are stored and shown as they are: in the default language.
        with translation.override(default):
            _step(report_id, 10, _("Stand der Maßnahmen wird zusammengestellt"))
            snapshot = build_snapshot(report)
            _step(report_id, 40, _("Bericht wird gesetzt (HTML)"))
        for language in languages:
            with translation.override(language):
                bodies[language] = render_body(snapshot)
        for index, language in enumerate(languages):
            with translation.override(default):
                _step(report_id, 50 + 50 * index // len(languages), _rendition_step(language))
            pdfs[language] = render_pdf(bodies[language], title=report.title, language=language)
    except Exception as exc:  # noqa: BLE001 - any failure is shown on the page, retryable
        logger.exception("generating status report %s failed", report_id)
        StatusReport.objects.filter(pk=report_id).update(
            state=StatusReport.State.FAILED,
            error=f"{exc!r}\n\n{traceback.format_exc(limit=8)}"[:10000],
            progress_step="",
            updated_at=timezone.now(),
        )
        return False
    with transaction.atomic():
        report = StatusReport.objects.select_for_update().get(pk=report_id)
        if report.state != StatusReport.State.GENERATING:  # edited or published meanwhile
            return False
        report.snapshot = snapshot
        report.language = default
        for language in languages:
            html_field, pdf_field = StatusReport.rendition_fields(language)
            setattr(report, html_field, bodies[language])
            if getattr(report, pdf_field):
                getattr(report, pdf_field).delete(save=False)  # the previous generation's
            getattr(report, pdf_field).save(
                _pdf_filename(report, language), ContentFile(pdfs[language]), save=False
            )
        report.state = StatusReport.State.READY
        report.progress, report.progress_step, report.error = 100, "", ""
        report.generated_at = timezone.now()
        report.generation_seconds = round(time.monotonic() - started, 3)
        report.save()
    return True


def _pdf_filename(report: StatusReport, language: str) -> str:
    """The stored file's name (the download's is the view's)."""
    if language == settings.LANGUAGE_CODE:
        return f"sachstandsbericht-{report.pk}-{report.as_of:%Y-%m-%d}.pdf"
    return f"status-report-{report.pk}-{report.as_of:%Y-%m-%d}-{language}.pdf"


def strategy_followers_and_council():
    """Council members and everyone who follows the strategy (a core area or bundle)."""
    from participation.notifications.models import Follow

    User = get_user_model()
    return User.objects.filter(
        Q(groups__name=settings.COUNCIL_GROUP_NAME)
        | Q(
            pk__in=Follow.objects.filter(
                Q(core_area__isnull=False) | Q(bundle__isnull=False)
            ).values("user_id")
        ),
        is_active=True,
    ).distinct()


@transaction.atomic
def report_publish(*, actor, report: StatusReport) -> StatusReport:
    """Make a generated report public and tell council members and the strategy's
    followers (in-app and by e-mail, through the notification machinery)."""
    from participation.notifications.models import NotificationKind
    from participation.notifications.services import excerpt, notify

    _require(can_publish_reports(actor), _("Sie dürfen Sachstandsberichte nicht veröffentlichen."))
    report = StatusReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        return report
    if report.state != StatusReport.State.READY:
        raise Invalid(_("Nur ein fertig erzeugter Bericht kann veröffentlicht werden."))
    report.state = StatusReport.State.PUBLISHED
    report.published_at = timezone.now()
    report.save(update_fields=["state", "published_at", "updated_at"])
    notify(
        recipients=strategy_followers_and_council(),
        kind=NotificationKind.STATUS_REPORT_PUBLISHED,
        event_key=f"status_report:{report.pk}",
        url=report.get_absolute_url(),
        context={
            "report": report.title,
            "report_id": report.pk,
            "as_of": report.as_of.isoformat(),
            "excerpt": excerpt(report.summary) if report.summary else "",
        },
        actor=actor,
    )
    return report
