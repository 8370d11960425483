"""The results as open data: the CSV and GeoJSON files and their DCAT dataset."""

import csv
import io
import json

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS

from participation.budgets.models import ImplementationStatus
from participation.budgets.services.counting import (
    count_publish,
    count_run,
    implementation_update_publish,
)
from tests.factories import UserFactory, point

from .results_helpers import ballot, counted_budget, counter

pytestmark = pytest.mark.django_db

CSV_URL = "/offene-daten/buergerbudget-ergebnisse.csv"
GEOJSON_URL = "/offene-daten/buergerbudget-ergebnisse.geojson"


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    budget, proposals = counted_budget()
    author = UserFactory(display_name="Rosamunde Geheim", email="rosamunde@geheim.example")
    proposals[0].author = author
    proposals[0].location = point(11.59, 50.93)
    proposals[0].save()
    proposals[1].location = None  # no place: a feature without geometry
    proposals[1].save()
    ballot(budget, {proposals[0]: 3, proposals[1]: 2})
    ballot(budget, {proposals[2]: 1}, channel="paper")
    team = counter()
    with django_capture_on_commit_callbacks(execute=True):
        count_publish(count=count_run(budget=budget, by=team), by=team)
    return budget, proposals, team


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_csv_has_every_proposal_with_its_decision_and_no_names(client, published):
    budget, proposals, _team = published
    text = body(client.get(CSV_URL))
    rows = {row["number"]: row for row in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {"1", "2", "3"}
    assert rows["1"]["funded"] == "true" and rows["1"]["implementation_status"] == "planned"
    assert rows["2"]["funded"] == "false" and rows["2"]["implementation_status"] == ""
    assert rows["2"]["reason"].startswith("übersprungen: 5.000")
    assert (rows["3"]["points_online"], rows["3"]["points_paper"]) == ("0", "1")
    assert rows["1"]["longitude"] == "11.59" and rows["1"]["year"] == str(budget.year)
    assert rows["1"]["url"].endswith(f"/buergerbudget/{budget.project.slug}/ergebnis/#result-1")
    assert "Rosamunde" not in text and "geheim.example" not in text


def test_geojson_follows_the_implementation(client, published):
    _budget, proposals, team = published
    from django.utils import timezone

    implementation_update_publish(
        proposal=proposals[0],
        by=team,
        date=timezone.localdate(),
        status=ImplementationStatus.IN_PROGRESS,
        progress=70,
        text="Fast fertig.",
    )
    data = json.loads(body(client.get(GEOJSON_URL)))
    assert data["type"] == "FeatureCollection"
    feature = next(f for f in data["features"] if f["properties"]["number"] == 1)
    assert feature["geometry"] == {"type": "Point", "coordinates": [11.59, 50.93]}
    assert feature["properties"]["implementation_progress_percent"] == 70
    assert next(f for f in data["features"] if f["properties"]["number"] == 2)["geometry"] is None


def test_the_catalogue_lists_the_results_dataset_with_its_date(client, published):
    graph = Graph().parse(data=client.get("/offene-daten/katalog.ttl").content, format="turtle")
    datasets = [str(d) for d in graph.subjects(None, DCAT.Dataset)]
    node = next(d for d in datasets if d.endswith("#buergerbudget-ergebnisse"))
    assert graph.value(URIRef(node), DCTERMS.modified) is not None
    downloads = {str(o) for o in graph.objects(None, DCAT.downloadURL)}
    assert any(url.endswith(CSV_URL) for url in downloads)
    assert any(url.endswith(GEOJSON_URL) for url in downloads)


def test_unpublished_counts_are_not_open_data(client):
    budget, proposals = counted_budget()
    ballot(budget, {proposals[0]: 1})
    count_run(budget=budget, by=counter())
    assert body(client.get(CSV_URL)).count("\n") == 1  # the header only
