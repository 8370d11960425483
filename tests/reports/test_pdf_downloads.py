"""Every "PDF herunterladen" link downloads the PDF (Content-Disposition: attachment,
a file name ending in .pdf); a separate "im Browser ansehen" link shows it inline."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports.models import StatusReport
from tests.budgets.review_helpers import minutes_pdf
from tests.factories import BudgetFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF\n"


def published_report() -> StatusReport:
    report = StatusReport.objects.create(
        title="Sachstandsbericht 1/2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        as_of=datetime.date(2026, 6, 30),
        state=StatusReport.State.PUBLISHED,
    )
    report.pdf.save(f"sachstandsbericht-{report.pk}.pdf", ContentFile(PDF))
    return report


def disposition(response) -> str:
    return response["Content-Disposition"]


def test_the_report_pdf_downloads_and_shows_in_the_browser_on_request(client):
    report = published_report()
    url = reverse("reports:report-pdf", args=[report.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert disposition(download).startswith("attachment;")
    assert 'filename="sachstandsbericht-2026-06-30.pdf"' in disposition(download)
    view = client.get(f"{url}?ansicht=browser")
    assert disposition(view).startswith("inline;") and ".pdf" in disposition(view)
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert "PDF herunterladen" in page
    assert f'href="{url}?ansicht=browser"' in page and "im Browser ansehen" in page


def test_the_board_minutes_download_and_show_in_the_browser_on_request(client):
    from participation.budgets.models import BoardConfirmation

    budget = BudgetFactory()
    confirmation = BoardConfirmation(
        budget=budget,
        meeting_date=datetime.date(2026, 9, 1),
        decision="Bestätigt.",
        proposal_count=0,
    )
    confirmation.minutes.save("protokoll.pdf", minutes_pdf(), save=False)
    confirmation.save()
    url = reverse("budgets:board-minutes", kwargs={"slug": budget.project.slug})
    download = client.get(url)
    assert download.status_code == 200
    assert disposition(download).startswith("attachment;")
    assert f'filename="protokoll-beirat-{budget.project.slug}.pdf"' in disposition(download)
    assert disposition(client.get(f"{url}?ansicht=browser")).startswith("inline;")


def test_the_counting_protocol_downloads_and_shows_in_the_browser_on_request(client):
    from tests.scenarios import _published_budget_result

    budget = BudgetFactory(stage="results")
    _published_budget_result(budget)
    url = reverse("budgets:protocol-pdf", kwargs={"slug": budget.project.slug})
    download = client.get(url)
    assert download.status_code == 200
    assert disposition(download) == (
        f'attachment; filename="zaehlprotokoll-{budget.project.slug}.pdf"'
    )
    assert disposition(client.get(f"{url}?ansicht=browser")).startswith("inline;")
    page = client.get(reverse("budgets:results", kwargs={"slug": budget.project.slug}))
    html = page.content.decode()
    assert "Zählprotokoll (PDF) herunterladen" in html
    assert f'href="{url}?ansicht=browser"' in html
