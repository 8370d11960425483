"""Exports of a project's ideas, comments and votes (CSV, XLSX) for evaluation: who may
download them, who gets personal data and how it is marked, hidden and deleted content,
defused formulas, the audit log, the links on the queue and in the admin, query counts."""

import csv
import io
import logging

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm

from core.exceptions import NotAllowed
from participation.ideas import exports
from projects.models import Project
from tests import scenarios
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    ProjectFactory,
    StaffFactory,
    SuperuserFactory,
)
from tests.moderation.factories_moderation import global_moderator, moderator_of
from tests.scenarios import HIDDEN_TEXT, SECRET_DOMAIN, SECRET_NAME

pytestmark = pytest.mark.django_db

WHATS = ("ideas", "comments", "votes")
FORMATS = ("csv", "xlsx")
DOWNLOADS = [(what, fmt) for what in WHATS for fmt in FORMATS]

PERSONAL = "(personenbezogen)"


@pytest.fixture
def world() -> scenarios.ContributionsToExport:
    return scenarios.project_with_contributions_to_export()


def export_url(project: Project, what: str, fmt: str) -> str:
    return reverse(
        "ideas:export",
        kwargs={"project_slug": project.slug, "what": what, "fmt": fmt},
    )


def download(client, user, project, what, fmt):
    client.force_login(user)
    response = client.get(export_url(project, what, fmt))
    assert response.status_code == 200, response.content[:300]
    return response


def csv_rows(response) -> list[dict]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def data_sheet(book):
    return book.worksheets[-1]


def xlsx_rows(response) -> list[dict]:
    rows = list(data_sheet(workbook(response)).iter_rows(values_only=True))
    headers = rows[0]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def all_text(response, fmt: str) -> str:
    if fmt == "csv":
        return response.content.decode("utf-8-sig")
    book = workbook(response)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def rows_of(response, fmt: str) -> list[dict]:
    return csv_rows(response) if fmt == "csv" else xlsx_rows(response)


# --- who may download ---------------------------------------------------------------------


@pytest.mark.parametrize(("what", "fmt"), DOWNLOADS)
def test_anonymous_is_sent_to_the_login(client, world, what, fmt):
    response = client.get(export_url(world.project, what, fmt))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("what", "fmt"), DOWNLOADS)
def test_resident_gets_403(client, world, what, fmt):
    client.force_login(world.resident)
    assert client.get(export_url(world.project, what, fmt)).status_code == 403


@pytest.mark.parametrize(("what", "fmt"), DOWNLOADS)
def test_moderator_of_another_project_gets_403(client, world, what, fmt):
    client.force_login(world.other_moderator)
    assert client.get(export_url(world.project, what, fmt)).status_code == 403


def test_author_of_ideas_gets_403(client, world):
    client.force_login(world.author)
    assert client.get(export_url(world.project, "ideas", "csv")).status_code == 403


def test_staff_without_the_moderation_permission_gets_403(client, world):
    client.force_login(StaffFactory())
    assert client.get(export_url(world.project, "ideas", "xlsx")).status_code == 403


def test_staff_moderator_of_another_project_gets_403(client, world):
    client.force_login(moderator_of(world.other, staff=True))
    assert client.get(export_url(world.project, "votes", "csv")).status_code == 403


def test_service_refuses_by_itself_whoever_calls_it(world):
    for user in (world.resident, world.other_moderator, StaffFactory()):
        with pytest.raises(NotAllowed):
            exports.project_export(user=user, project=world.project, what="ideas", fmt="csv")


def test_personal_data_only_for_staff_who_may_export(world):
    def gets(user):
        return exports.includes_personal_data(user, world.project)

    assert gets(world.staff_moderator)
    assert gets(SuperuserFactory())
    assert gets(global_moderator())
    assert not gets(world.moderator)
    assert not gets(StaffFactory())  # staff, but not a moderator of the project
    assert not gets(moderator_of(world.other, staff=True))
    assert not gets(world.resident)


def test_unknown_table_or_format_is_404(client, world):
    client.force_login(world.staff_moderator)
    assert (
        client.get(f"/beteiligung/{world.project.slug}/moderation/export/users.csv/").status_code
        == 404
    )
    assert (
        client.get(f"/beteiligung/{world.project.slug}/moderation/export/ideas.pdf/").status_code
        == 404
    )
    assert (
        client.get(
            export_url(world.project, "ideas", "csv").replace(world.project.slug, "gibt-es-nicht")
        ).status_code
        == 404
    )


def test_only_get(client, world):
    client.force_login(world.staff_moderator)
    assert client.post(export_url(world.project, "ideas", "csv")).status_code == 405


# --- staff: personal data, marked -------------------------------------------------------


@pytest.mark.parametrize(("what", "fmt"), DOWNLOADS)
def test_staff_moderator_gets_personal_columns_marked(client, world, what, fmt):
    response = download(client, world.staff_moderator, world.project, what, fmt)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "personenbezogen" in disposition
    assert f".{fmt}" in disposition
    assert "no-store" in response["Cache-Control"]
    rows = rows_of(response, fmt)
    headers = list(rows[0])
    personal = [header for header in headers if PERSONAL in header]
    assert personal == [
        f"Benutzer-ID {PERSONAL}",
        f"Anzeigename {PERSONAL}",
        f"E-Mail-Adresse {PERSONAL}",
    ]
    emails = {str(row[f"E-Mail-Adresse {PERSONAL}"]) for row in rows}
    expected = world.voter.email if what == "votes" else world.author.email
    assert expected in emails


def test_superuser_gets_personal_data(client, world):
    rows = csv_rows(download(client, SuperuserFactory(), world.project, "votes", "csv"))
    assert {row[f"E-Mail-Adresse {PERSONAL}"] for row in rows} == {
        world.voter.email,
        world.author.email,
    }


def test_global_moderator_staff_gets_personal_data(client, world):
    response = download(client, global_moderator(), world.project, "ideas", "csv")
    assert "personenbezogen" in response["Content-Disposition"]


def test_staff_xlsx_opens_on_the_privacy_notice(client, world):
    book = workbook(download(client, world.staff_moderator, world.project, "ideas", "xlsx"))
    assert book.sheetnames == ["Datenschutzhinweis", "Ideen"]
    assert book.active.title == "Datenschutzhinweis"
    notice = " ".join(str(row[0]) for row in book["Datenschutzhinweis"].iter_rows(values_only=True))
    assert "personenbezogene Daten" in notice
    assert "DSGVO" in notice
    assert "Licht am Markt" in notice  # the stated purpose names the project


def test_staff_export_is_logged(client, world, caplog):
    with caplog.at_level(logging.INFO, logger="participation.ideas.exports"):
        download(client, world.staff_moderator, world.project, "comments", "xlsx")
    [record] = [r for r in caplog.records if r.name == "participation.ideas.exports"]
    message = record.getMessage()
    assert f"user_id={world.staff_moderator.pk}" in message
    assert f"project_id={world.project.pk}" in message
    assert "licht-am-markt" in message
    assert "what=comments" in message
    assert record.levelno == logging.INFO
    assert SECRET_DOMAIN not in message


# --- moderators without staff: no personal data anywhere ---------------------------------


@pytest.mark.parametrize(("what", "fmt"), DOWNLOADS)
def test_moderator_without_staff_gets_no_personal_data(client, world, what, fmt, caplog):
    with caplog.at_level(logging.INFO, logger="participation.ideas.exports"):
        response = download(client, world.moderator, world.project, what, fmt)
    assert "personenbezogen" not in response["Content-Disposition"]
    text = all_text(response, fmt)
    assert "@" not in text
    assert SECRET_DOMAIN not in text
    assert SECRET_NAME not in text
    assert "personenbezogen" not in text
    assert HIDDEN_TEXT not in text
    assert rows_of(response, fmt)  # the table is there, only without the people
    assert not [r for r in caplog.records if r.name == "participation.ideas.exports"]


def test_moderator_xlsx_has_only_the_data_sheet_with_its_header_row(client, world):
    book = workbook(download(client, world.moderator, world.project, "votes", "xlsx"))
    assert book.sheetnames == ["Unterstützungen"]
    header = next(book["Unterstützungen"].iter_rows(values_only=True))
    assert header == ("Idee (ID)", "Idee (Titel)", "abgegeben am")


# --- contents -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_ideas_table(client, world, fmt):
    rows = rows_of(download(client, world.moderator, world.project, "ideas", fmt), fmt)
    assert list(rows[0]) == [
        "ID",
        "Titel",
        "Beschreibung",
        "Status",
        "Kategorie",
        "Ortsteil",
        "eingereicht am",
        "Unterstützungen",
        "Kommentare",
        "Antwort der Stadt",
        "Antwort am",
        "ausgeblendet",
        "Breitengrad",
        "Längengrad",
        "Adresse der Idee (URL)",
    ]
    by_id = {int(row["ID"]): row for row in rows}
    row = by_id[world.idea.pk]
    assert row["Titel"] == "Laterne am Markt"
    assert row["Status"] == "eingereicht"
    assert row["Kategorie"] == "Beleuchtung"
    assert row["Antwort der Stadt"] == "Wir prüfen das."
    assert row["ausgeblendet"] == "nein"
    assert float(row["Breitengrad"]) == pytest.approx(50.9272)
    assert float(row["Längengrad"]) == pytest.approx(11.5861)
    assert row["Adresse der Idee (URL)"] == f"http://testserver{world.idea.get_absolute_url()}"
    assert row["eingereicht am"]
    hidden = by_id[world.hidden_idea.pk]
    assert hidden["Titel"] == "[ausgeblendet]"
    assert hidden["ausgeblendet"] == "ja"


def test_staff_sees_the_hidden_ideas_text(client, world):
    rows = csv_rows(download(client, world.staff_moderator, world.project, "ideas", "csv"))
    hidden = next(row for row in rows if int(row["ID"]) == world.hidden_idea.pk)
    assert hidden["Titel"] == "Beleidigende Idee"
    assert hidden["ausgeblendet"] == "ja"


def test_other_projects_rows_are_not_exported(client, world):
    foreign = IdeaFactory(project=world.other, title="Fremde Idee")
    CommentFactory(idea=foreign, text="Fremder Kommentar")
    client.force_login(world.staff_moderator)
    for what in WHATS:
        text = all_text(client.get(export_url(world.project, what, "csv")), "csv")
        assert "Fremde" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_comments_as_on_the_site_for_moderators(client, world, fmt):
    rows = rows_of(download(client, world.moderator, world.project, "comments", fmt), fmt)
    by_id = {int(row["ID"]): row for row in rows}
    assert by_id[world.visible_comment.pk]["Kommentar"] == "Sichtbarer Kommentar"
    assert by_id[world.visible_comment.pk]["Idee (Titel)"] == "Laterne am Markt"
    assert by_id[world.hidden_comment.pk]["Kommentar"] == "[ausgeblendet]"
    assert by_id[world.hidden_comment.pk]["ausgeblendet"] == "ja"
    deleted = by_id[world.deleted_comment.pk]
    assert deleted["Kommentar"] == "[gelöscht]"
    assert deleted["gelöscht"] == "ja"
    assert int(deleted["Antwort auf (ID)"]) == world.visible_comment.pk
    on_project = by_id[world.project_comment.pk]
    assert on_project["Kommentar"] == "Kommentar zum Projekt"
    assert on_project["Idee (ID)"] in ("", None)


def test_staff_sees_the_hidden_comments_text_with_the_flag(client, world):
    rows = csv_rows(download(client, world.staff_moderator, world.project, "comments", "csv"))
    by_id = {int(row["ID"]): row for row in rows}
    hidden = by_id[world.hidden_comment.pk]
    assert hidden["Kommentar"] == HIDDEN_TEXT
    assert hidden["ausgeblendet"] == "ja"
    assert by_id[world.visible_comment.pk]["ausgeblendet"] == "nein"
    assert by_id[world.deleted_comment.pk]["Kommentar"] == "[gelöscht]"


def test_votes_of_a_hidden_idea_keep_the_count_but_not_the_title(client, world):
    rows = csv_rows(download(client, world.moderator, world.project, "votes", "csv"))
    assert sorted(row["Idee (Titel)"] for row in rows) == ["Laterne am Markt", "[ausgeblendet]"]


def test_formulas_in_texts_are_defused(client, world):
    IdeaFactory(project=world.project, title='=HYPERLINK("http://böse.example","klick")')
    client.force_login(world.moderator)
    rows = csv_rows(client.get(export_url(world.project, "ideas", "csv")))
    assert any(row["Titel"] == '\'=HYPERLINK("http://böse.example","klick")' for row in rows)
    sheet = data_sheet(workbook(client.get(export_url(world.project, "ideas", "xlsx"))))
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert any(cell.value.startswith("=HYPERLINK") for cell in cells if cell.data_type == "s")


def test_xlsx_header_row_is_frozen_and_columns_have_widths(client, world):
    sheet = data_sheet(workbook(download(client, world.moderator, world.project, "ideas", "xlsx")))
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "ID"
    assert sheet["A1"].font.bold
    assert 8 <= sheet.column_dimensions["C"].width <= 60


# --- links ---------------------------------------------------------------------------------


def queue_url(project) -> str:
    return reverse("moderation:queue", kwargs={"project_slug": project.slug})


def test_queue_lists_the_six_downloads_with_the_note_for_staff(client, world):
    client.force_login(world.staff_moderator)
    html = client.get(queue_url(world.project)).content.decode()
    assert "Auswertung exportieren" in html
    for what, fmt in DOWNLOADS:
        assert export_url(world.project, what, fmt) in html
    assert "Die Dateien enthalten personenbezogene Daten" in html


def test_queue_for_moderator_without_staff_has_no_personal_data_note(client, world):
    client.force_login(world.moderator)
    html = client.get(queue_url(world.project)).content.decode()
    assert export_url(world.project, "ideas", "xlsx") in html
    assert "Die Dateien enthalten personenbezogene Daten" not in html
    assert "keine Angaben zu den Personen" in html


def test_measures_queue_has_no_exports(client):
    client.force_login(global_moderator())
    html = client.get(reverse("moderation:measures-queue")).content.decode()
    assert "Auswertung exportieren" not in html


def test_admin_project_page_links_to_the_exports(client, world):
    client.force_login(SuperuserFactory())
    html = client.get(
        reverse("admin:projects_project_change", args=[world.project.pk])
    ).content.decode()
    assert f"{queue_url(world.project)}#auswertung" in html


def test_admin_add_page_has_no_export_link(client):
    client.force_login(SuperuserFactory())
    response = client.get(reverse("admin:projects_project_add"))
    assert response.status_code == 200
    assert "#auswertung" not in response.content.decode()


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(("what", "fmt"), DOWNLOADS)
@pytest.mark.parametrize("staff", [True, False], ids=["staff", "moderator"])
def test_query_count_does_not_grow_with_the_rows(
    client, django_assert_max_num_queries, what, fmt, staff
):
    small, large = ProjectFactory(), ProjectFactory()
    scenarios.ideas_with_comments_and_votes(small, ideas=1)
    scenarios.ideas_with_comments_and_votes(large, ideas=15)
    user = moderator_of(small, staff=staff)
    assign_perm("projects.moderate_project", user, large)  # the same person for both
    client.force_login(user)
    client.get(export_url(small, what, fmt))  # warm up (sessions, content types)
    with CaptureQueriesContext(connection) as baseline:
        response = client.get(export_url(small, what, fmt))
    assert response.status_code == 200
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(export_url(large, what, fmt))
    assert response.status_code == 200
    assert len(rows_of(response, fmt)) >= 15
