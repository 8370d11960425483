"""The poll results as open data: closed public polls only (phase ended, results not
only for the staff, a published project), counts per question and choice, never free
texts or confidential questions; the dataset in the DCAT catalogue."""

import pytest
from rdflib import Graph, URIRef

from participation.polls.models import ResultsVisibility
from projects.models import Project
from tests.factories import ProjectFactory
from tests.notifications.factories_follows import DistrictFactory
from tests.opendata.helpers import body_of, read_csv
from tests.polls.answers import typical
from tests.polls.factories import (
    PollFactory,
    ended,
    market_square_survey,
    poll_with_questions,
)

pytestmark = pytest.mark.django_db

FILE = "/offene-daten/umfragen-ergebnisse.csv"


@pytest.fixture
def survey():
    survey = market_square_survey()
    survey.age.confidential = True
    survey.age.save()
    typical(survey, DistrictFactory(name="Lobeda"), often="Sonstiges")
    typical(survey, None, often="täglich")
    return survey


def rows(client):
    response = client.get(FILE)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="jena-smart-umfragen-ergebnisse.csv"')
    content = body_of(response)
    return content, read_csv(content)


def test_a_running_poll_is_not_in_the_file(client, survey):
    content, table = rows(client)
    assert table == []
    assert content.startswith(b"project,project_title,poll,poll_title,")


def test_an_ended_poll_gives_its_counts_without_texts_or_confidential_questions(client,
                                                                                survey):
    ended(survey.poll)
    content, table = rows(client)
    often = [r for r in table if r["question"] == "Wie oft sind Sie am Markt?"]
    assert [(r["choice"], r["count"], r["answered"]) for r in often] == [
        ("täglich", "1", "2"), ("wöchentlich", "0", "2"), ("selten", "0", "2"),
        ("Sonstiges", "1", "2"),
    ]
    ranking = [r for r in table if r["question_kind"] == "ranking" and r["choice"] == "Bäume"]
    assert [(r["place"], r["count"]) for r in ranking] == [("1", "2"), ("2", "0"), ("3", "0")]
    matrix = [r for r in table if r["row"] == "Beleuchtung" and r["choice"] == "schlecht"]
    assert matrix[0]["count"] == "2"
    district = [r for r in table if r["question_kind"] == "district"]
    assert [(r["choice"], r["count"]) for r in district] == [("Lobeda", "1")]
    texts = [r for r in table if r["question_kind"] == "long_text"]
    assert texts[0]["count"] == "2" and texts[0]["choice"] == ""
    assert b"Kirmes" not in content and b"Mehr Schatten" not in content
    assert b"Vor dem Rathaus" not in content
    assert "Wie alt sind Sie?" not in {r["question"] for r in table}  # confidential
    page = f"/beteiligung/marktplatz/umfragen/{survey.poll.pk}/ergebnisse/"
    assert table[0]["url"].endswith(page)


def test_staff_only_results_and_draft_projects_stay_out(client, survey):
    ended(survey.poll)
    survey.poll.results_visibility = ResultsVisibility.STAFF
    survey.poll.save()
    draft = PollFactory(phase__project=ProjectFactory(status=Project.Status.DRAFT))
    ended(draft)
    assert rows(client)[1] == []


def test_the_dataset_is_in_the_catalogue(client, survey, settings):
    settings.SITE_URL = "https://smart.jena.example"
    ended(survey.poll)
    graph = Graph().parse(data=client.get("/offene-daten/katalog.ttl").content, format="turtle")
    download = URIRef("http://www.w3.org/ns/dcat#downloadURL")
    downloads = {str(o) for o in graph.objects(None, download)}
    assert "https://smart.jena.example/offene-daten/umfragen-ergebnisse.csv" in downloads
    page = client.get("/offene-daten/").content.decode()
    assert 'id="umfragen-ergebnisse"' in page


@pytest.mark.parametrize("count", [1, 6])
def test_a_fixed_number_of_queries(client, count, django_assert_max_num_queries):
    for _ in range(count):
        poll = poll_with_questions(11)
        ended(poll)
    with django_assert_max_num_queries(8):
        _content, table = rows(client)
    assert len({row["poll"] for row in table}) == count
