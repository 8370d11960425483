"""The staff's downloads of a poll's answers: who may, the columns of every kind of
question (opened with openpyxl), nothing personal, anonymous polls without time, rows in
the order of their random ids, formulas defused, and a fixed number of queries."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from participation.polls.exports import export_table
from participation.polls.models import SubmissionState
from tests.factories import ProjectFactory, UserFactory, global_moderator, moderator_of
from tests.notifications.factories_follows import DistrictFactory
from tests.polls.answers import A, submitted, typical
from tests.polls.factories import market_square_survey

pytestmark = pytest.mark.django_db


def export_url(survey, fmt):
    return reverse("polls:poll-export", kwargs={"slug": survey.project.slug,
                                                "pk": survey.poll.pk, "fmt": fmt})


@pytest.fixture
def survey():
    survey = market_square_survey()
    survey.lobeda = DistrictFactory(name="Lobeda")
    survey.first = typical(survey, survey.lobeda, often="Sonstiges", person=survey.anna)
    return survey


def test_who_may_download(client, survey):
    assert client.get(export_url(survey, "csv"))["Location"].startswith("/accounts/login/")
    for user, status in [
        (UserFactory(), 403),
        (moderator_of(ProjectFactory()), 403),
        (moderator_of(survey.project), 200),
        (global_moderator(), 200),
    ]:
        client.force_login(user)
        assert client.get(export_url(survey, "xlsx")).status_code == status
    assert client.get(export_url(survey, "pdf")).status_code == 404


def rows_of_xlsx(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return book, values[0], [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_the_xlsx_has_a_column_per_question_row_choice_and_place(client, survey):
    client.force_login(moderator_of(survey.project))
    response = client.get(export_url(survey, "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book, header, rows = rows_of_xlsx(response.content)
    assert header[:3] == ["Antwortbogen (ID)", "abgeschickt am (Tag)", "abgeschickt um (Uhrzeit)"]
    assert "1. Wie oft sind Sie am Markt?" in header
    assert "1. Wie oft sind Sie am Markt? – Sonstiges (Text)" in header
    assert "2. Was machen Sie dort? – Café" in header  # multiple: 0/1 per choice
    assert "3. Was ist Ihnen am wichtigsten? – Platz 1" in header  # ranking: per place
    assert "4. Wie bewerten Sie den Markt? – Sauberkeit" in header  # matrix: per row
    assert "9. Wo fehlt eine Bank? – Breitengrad" in header
    # Nothing personal: no names, e-mail addresses or accounts.
    assert not any("Mail" in h or "Name" in h or "Benutzer" in h for h in header)
    row = rows[0]
    assert row["Antwortbogen (ID)"] == str(survey.first.pk)
    assert row["1. Wie oft sind Sie am Markt?"] == "Sonstiges"
    assert row["1. Wie oft sind Sie am Markt? – Sonstiges (Text)"] == "Kirmes"
    assert row["2. Was machen Sie dort? – Café"] == 1
    assert row["2. Was machen Sie dort? – Markt"] == 0
    assert row["3. Was ist Ihnen am wichtigsten? – Platz 1"] == "Bäume"
    assert row["3. Was ist Ihnen am wichtigsten? – Platz 3"] == "Brunnen"
    assert row["4. Wie bewerten Sie den Markt? – Beleuchtung"] == "schlecht"
    assert row["6. Wie alt sind Sie?"] == 41
    assert row["7. Seit wann wohnen Sie in Jena?"].date() == datetime.date(2020, 5, 3)
    assert row["8. In welchem Ortsteil wohnen Sie?"] == "Lobeda"
    assert row["9. Wo fehlt eine Bank? – Breitengrad"] == pytest.approx(50.9272)
    assert row["9. Wo fehlt eine Bank? – Längengrad"] == pytest.approx(11.5861)
    assert row["9. Wo fehlt eine Bank? – Beschreibung"] == "Vor dem Rathaus"
    assert survey.anna.email not in row.values()
    assert book.worksheets[1].title == "Hinweise"


def test_matrix_with_several_answers_per_row_is_joined(survey):
    times = survey.times
    rows = list(times.r.values())
    submitted(survey.poll, A(times, row=rows[0], choice=times.c["Werktag"]),
              A(times, row=rows[0], choice=times.c["Wochenende"]))
    header, table = export_table(survey.poll)
    column = header.index("11. Wann sind Sie dort? – Vormittag")
    assert "Werktag; Wochenende" in [row[column] for row in table]


def test_the_csv_is_defused_and_has_no_drafts(client, survey):
    submitted(survey.poll, A(survey.name, text="=HYPERLINK(1)"))
    submitted(survey.poll, A(survey.name, text="Entwurf"), person=UserFactory(),
              state=SubmissionState.DRAFT)
    client.force_login(moderator_of(survey.project))
    response = client.get(export_url(survey, "csv"))
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert "'=HYPERLINK(1)" in [row["10. Wie sollen wir Sie nennen?"] for row in rows]
    assert "Entwurf" not in text
    # sorted by the random ids
    assert [row["Antwortbogen (ID)"] for row in rows] == sorted(
        row["Antwortbogen (ID)"] for row in rows)


def test_an_anonymous_poll_has_no_person_and_no_time():
    survey = market_square_survey(anonymous=True)
    typical(survey)
    header, rows = export_table(survey.poll)
    assert header[:2] == ["Antwortbogen (ID)", "abgeschickt am (Tag)"]
    assert "abgeschickt um (Uhrzeit)" not in header
    assert isinstance(rows[0][1], datetime.date)


@pytest.mark.parametrize("count", [1, 30])
def test_a_fixed_number_of_queries(survey, count, django_assert_max_num_queries):
    for _ in range(count - 1):
        typical(survey, survey.lobeda)
    with django_assert_max_num_queries(7):
        header, rows = export_table(survey.poll)
    assert len(rows) == count
