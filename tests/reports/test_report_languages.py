"""A status report in both languages of the site: one frozen snapshot, a German and an
English rendition (HTML and PDF) of it; the page in the visitor's language, both PDFs
to download; reports generated before the English rendition existed still shown (in
German, marked so).

The real generation (two PDFs, the costly part) runs once for the module; tests that
only need the task's bookkeeping use a stand-in for WeasyPrint.
"""

import datetime
import io
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from core.storage import private_storage
from geo.models import District
from measures.models import Status
from participation.ideas.models import Idea
from reports import services
from reports.models import StatusReport
from reports.render import render_body
from tests.factories import (
    IdeaFactory,
    MeasureFactory,
    ProgressUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SUMMARY = "Die Verwaltung berichtet über das erste Halbjahr."
FAKE_PDF = b"%PDF-1.7\n%%EOF\n"
SQUARE = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[11.55, 50.90], [11.62, 50.90], [11.62, 50.95], [11.55, 50.95], [11.55, 50.90]]]
    ],
}
# From locale/en/LC_MESSAGES/django.po: the English of headings and labels of the report.
GERMAN = ("Zusammenfassung", "Verzögerungen und ihre Gründe", "Maßnahmen nach Status")
ENGLISH = ("Summary", "Delays and their reasons", "Measures by status")


def staff_with(*codenames: str):
    user = UserFactory(is_staff=True)
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="reports", codename=codename)
        )
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def in_period(idea: Idea) -> None:
    moment = timezone.make_aware(datetime.datetime(2026, 3, 10, 12))
    Idea.objects.filter(pk=idea.pk).update(created_at=moment)


def new_report(actor) -> StatusReport:
    return services.report_save(
        actor=actor,
        data={
            "title": "Sachstandsbericht 1/2026",
            "period_start": datetime.date(2026, 1, 1),
            "period_end": datetime.date(2026, 6, 30),
            "as_of": datetime.date(2026, 6, 30),
            "summary": SUMMARY,
        },
    )


def generate_now(report: StatusReport, actor) -> StatusReport:
    """Queue and run the task's work at once (inside the test's transaction, where the
    on-commit enqueueing never fires)."""
    services.report_request_generation(actor=actor, report=report)
    assert services.report_generate(report.pk), StatusReport.objects.get(pk=report.pk).error
    report.refresh_from_db()
    return report


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """A generated (not yet published) report: a delayed measure, an idea in an Ortsteil
    and one in none (the row "ohne Ortsteil"). Rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        measure = MeasureFactory(
            code="1.1", title="Sensoren für Parkplätze", planned_end=datetime.date(2026, 3, 31)
        )
        ProgressUpdateFactory(
            measure=measure,
            date=datetime.date(2026, 4, 15),
            progress=40,
            status=Status.IN_PROGRESS,
            text="Die Hälfte der Sensoren misst.",
        )
        district = District.objects.create(name="Winzerla", slug="winzerla", boundary=SQUARE)
        in_period(IdeaFactory(district=district))
        in_period(IdeaFactory(district=None))
        reporter = staff_with("add_statusreport", "publish_statusreport")
        report = generate_now(new_report(reporter), reporter)
        yield {"report": report, "reporter": reporter}
        transaction.set_rollback(True)


@pytest.fixture
def report(generated, db) -> StatusReport:
    return StatusReport.objects.get(pk=generated["report"].pk)


@pytest.fixture
def published(generated, report) -> StatusReport:
    return services.report_publish(actor=generated["reporter"], report=report)


def pdf_of(field) -> tuple[str, str]:
    """(the PDF's text, its declared language)."""
    with field.open("rb") as handle:
        data = handle.read()
    return pdf_data(data)


def pdf_data(data: bytes) -> tuple[str, str]:
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return text, str(reader.trailer["/Root"]["/Lang"])


def english(text: str) -> str:
    with translation.override("en"):
        return gettext(text)


def no_district_row(snapshot: dict) -> dict:
    [row] = [r for r in snapshot["participation"]["by_district"] if r["district_id"] is None]
    return row


# --- generating -------------------------------------------------------------------------------


def test_one_snapshot_makes_a_german_and_an_english_html(report):
    assert report.state == StatusReport.State.READY and report.language == "de"
    for heading in GERMAN:
        assert heading in report.html and heading not in report.html_en
    for heading in ENGLISH:
        assert heading in report.html_en
    assert "<strong>in Umsetzung</strong>" in report.html  # status: a code, labelled per language
    assert "<strong>in progress</strong>" in report.html_en
    # What people wrote stays German, marked so in the English rendition only.
    assert f'<div lang="de"><p>{SUMMARY}</p></div>' in report.html_en
    assert 'class="kern-heading-small" lang="de">1.1 Sensoren für Parkplätze</h4>' in (
        report.html_en
    )
    assert '– <span lang="de">Die Hälfte der Sensoren misst.</span>' in report.html_en
    assert 'lang="de"' not in report.html
    assert "– Die Hälfte der Sensoren misst." in report.html
    assert f"<p>{SUMMARY}</p>" in report.html


def test_the_snapshot_keeps_no_translated_label(report):
    assert report.snapshot["version"] == 2
    assert no_district_row(report.snapshot)["name"] == ""
    assert '<th scope="row">ohne Ortsteil</th>' in report.html
    assert f'<th scope="row">{english("ohne Ortsteil")}</th>' in report.html_en
    assert english("ohne Ortsteil") == "no district"


def test_an_old_snapshot_with_the_german_label_renders_in_both_languages(report):
    old = {**report.snapshot, "version": 1}
    old["participation"] = {
        **old["participation"],
        "by_district": [
            {**row, "name": "ohne Ortsteil"} if row["district_id"] is None else row
            for row in old["participation"]["by_district"]
        ],
    }
    with translation.override("en"):
        body = render_body(old)
    assert '<th scope="row">no district</th>' in body and "ohne Ortsteil" not in body
    assert '<th scope="row">ohne Ortsteil</th>' in render_body(old)


def test_each_pdf_is_in_its_language_and_declares_it(report):
    german, german_lang = pdf_of(report.pdf)
    english_text, english_lang = pdf_of(report.pdf_en)
    assert (german_lang, english_lang) == ("de", "en")  # PDF/UA: the document's language
    for heading in GERMAN:
        assert heading in german and heading not in english_text
    for heading in ENGLISH:
        assert heading in english_text
    for text in ("Sachstandsbericht 1/2026", "1.1 Sensoren für Parkplätze", SUMMARY):
        assert text in german and text in english_text  # as written
    assert report.pdf.name != report.pdf_en.name


# --- the page ---------------------------------------------------------------------------------


def test_the_english_page_shows_the_english_rendition(published, client):
    response = client.get(f"/en/strategie/berichte/{published.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in page and '<article class="report-document" lang="en">' in page
    for heading in ENGLISH:
        assert heading in page
    assert "Verzögerungen und ihre Gründe" not in page
    assert english("Diesen Bericht gibt es nur auf Deutsch.") not in page


def test_the_german_page_shows_the_german_rendition_and_offers_both_pdfs(published, client):
    page = client.get(published.get_absolute_url()).content.decode()
    assert '<html lang="de"' in page and '<article class="report-document" lang="de">' in page
    assert "Verzögerungen und ihre Gründe" in page and "Delays and their reasons" not in page
    german = reverse("reports:report-pdf", args=[published.pk])
    english_pdf = reverse("reports:report-pdf-en", args=[published.pk])
    assert f'href="{german}" type="application/pdf" hreflang="de"' in page
    assert f'href="{english_pdf}" type="application/pdf" hreflang="en"' in page
    assert 'PDF herunterladen (<span lang="de">Deutsch</span>, ' in page
    assert 'PDF herunterladen (<span lang="en">English</span>, ' in page
    assert "Diesen Bericht gibt es nur auf Deutsch." not in page


def test_the_report_list_links_the_pdf_of_the_pages_language(published, client):
    def pdf_links(language: str) -> tuple[str, str, str]:
        with translation.override(language):
            page = client.get(reverse("reports:report-list")).content.decode()
            german = reverse("reports:report-pdf", args=[published.pk])
            english_pdf = reverse("reports:report-pdf-en", args=[published.pk])
        return page, f'href="{german}" hreflang="de"', f'href="{english_pdf}" hreflang="en"'

    page, german, english_pdf = pdf_links("de")
    assert german in page and english_pdf not in page
    page, german, english_pdf = pdf_links("en")
    assert english_pdf in page and german not in page


def test_a_report_generated_before_the_english_rendition_shows_german_on_the_english_page(
    published, client
):
    StatusReport.objects.filter(pk=published.pk).update(html_en="", pdf_en="")

    response = client.get(f"/en/strategie/berichte/{published.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in page and '<article class="report-document" lang="de">' in page
    assert "Verzögerungen und ihre Gründe" in page
    assert english("Diesen Bericht gibt es nur auf Deutsch.") in page
    assert reverse("reports:report-pdf-en", args=[published.pk]) not in page
    assert client.get(reverse("reports:report-pdf-en", args=[published.pk])).status_code == 404
    assert client.get(reverse("reports:report-pdf", args=[published.pk])).status_code == 200


# --- downloads --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "filename", "language", "heading"),
    [
        ("reports:report-pdf", "sachstandsbericht-2026-06-30.pdf", "de", "Zusammenfassung"),
        ("reports:report-pdf-en", "status-report-2026-06-30.pdf", "en", "Summary"),
    ],
)
def test_both_pdfs_download_with_their_name_and_language(
    published, client, url_name, filename, language, heading
):
    response = client.get(reverse(url_name, args=[published.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Content-Language"] == language
    text, declared = pdf_data(b"".join(response.streaming_content))
    assert declared == language and heading in text
    # "im Browser ansehen": the same file, shown inline
    viewed = client.get(reverse(url_name, args=[published.pk]), {"ansicht": "browser"})
    assert viewed["Content-Disposition"] == f'inline; filename="{filename}"'


def test_a_drafts_english_pdf_is_refused_like_the_german_one(report):
    council = UserFactory()
    council.groups.add(Group.objects.get_or_create(name=settings.COUNCIL_GROUP_NAME)[0])
    for user, expected in ((None, 404), (UserFactory(), 404), (council, 200)):
        client = Client()
        if user:
            client.force_login(user)
        for url_name in ("reports:report-pdf", "reports:report-pdf-en"):
            response = client.get(reverse(url_name, args=[report.pk]))
            assert response.status_code == expected, (user, url_name)


def test_the_api_links_the_english_pdf_when_there_is_one(published, client):
    [row] = client.get("/api/v1/status-reports/").json()["results"]
    assert row["pdf_url"].endswith(f"/strategie/berichte/{published.pk}/pdf/")
    assert row["pdf_en_url"] == f"http://testserver/strategie/berichte/{published.pk}/pdf/en/"

    StatusReport.objects.filter(pk=published.pk).update(pdf_en="")
    [row] = client.get("/api/v1/status-reports/").json()["results"]
    assert row["pdf_en_url"] is None


# --- the task's bookkeeping (WeasyPrint stood in for) --------------------------------------


def fake_pdf(body, *, title, language):
    return FAKE_PDF


def test_the_steps_are_snapshot_html_german_pdf_english_pdf(generated, db):
    reporter = generated["reporter"]
    report = new_report(reporter)
    steps = []
    original = services._step

    def record(report_id, progress, step):
        steps.append((progress, step))
        original(report_id, progress, step)

    with (
        mock.patch("reports.render.render_pdf", side_effect=fake_pdf) as render_pdf,
        mock.patch.object(services, "_step", side_effect=record),
    ):
        generate_now(report, reporter)

    assert steps == [
        (10, "Stand der Maßnahmen wird zusammengestellt"),
        (40, "Bericht wird gesetzt (HTML)"),
        (50, "PDF wird erzeugt"),
        (75, "Englische Fassung wird erzeugt"),
    ]
    assert [call.kwargs["language"] for call in render_pdf.call_args_list] == ["de", "en"]


def test_regenerating_replaces_the_files_of_both_renditions(generated, db):
    """The old PDFs are deleted and the new ones saved (under the same names when those
    are free again, so the check is on the content and on what is left in the folder)."""
    reporter = generated["reporter"]
    generation = iter(range(1, 10))

    def numbered_pdf(body, *, title, language):
        return FAKE_PDF + f"% generation {next(generation)} {language}".encode()

    def files() -> set[str]:
        storage = private_storage()  # PDFs are private: the report's view hands them out
        if not storage.exists("reports"):
            return set()
        return {f"reports/{name}" for name in storage.listdir("reports")[1]}

    already = files()  # other tests' files stay (their rows were rolled back)
    with mock.patch("reports.render.render_pdf", side_effect=numbered_pdf):
        report = generate_now(new_report(reporter), reporter)
        assert files() - already == {report.pdf.name, report.pdf_en.name}
        report = generate_now(report, reporter)

    # The first generation's files are gone: only the new ones came in addition.
    assert files() - already == {report.pdf.name, report.pdf_en.name}
    with report.pdf.open("rb") as german, report.pdf_en.open("rb") as english:
        assert german.read().endswith(b"% generation 3 de")
        assert english.read().endswith(b"% generation 4 en")


def test_a_failure_of_the_english_rendition_fails_the_generation_and_can_be_retried(generated, db):
    reporter = generated["reporter"]
    report = new_report(reporter)

    def english_fails(body, *, title, language):
        if language == "en":
            raise OSError("Schrift fehlt")
        return FAKE_PDF

    with mock.patch("reports.render.render_pdf", side_effect=english_fails):
        services.report_request_generation(actor=reporter, report=report)
        assert not services.report_generate(report.pk)
    report.refresh_from_db()
    assert report.state == StatusReport.State.FAILED and "Schrift fehlt" in report.error
    assert not report.pdf and not report.pdf_en and not report.html_en

    with mock.patch("reports.render.render_pdf", side_effect=fake_pdf):
        report = generate_now(report, reporter)
    assert report.state == StatusReport.State.READY and report.pdf and report.pdf_en


# --- the admin --------------------------------------------------------------------------------


def test_the_admin_links_the_pdfs_to_the_reports_view(report, client):
    """PDFs are private files without a URL of their own: the admin links the view that
    checks who asks."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:reports_statusreport_change", args=[report.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{reverse("reports:report-pdf", args=[report.pk])}"' in html
    assert f'href="{reverse("reports:report-pdf-en", args=[report.pk])}"' in html
    assert report.pdf.name in html
