"""The DCAT-AP.de catalogue: parses in all three serialisations, one dcat:Dataset per
dataset on the page, every downloadURL answers, and the properties DCAT-AP.de and the
city's harvester need are there (checked with SPARQL and a few SHACL-like rules)."""

from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from opendata.catalogue import catalogue_graph
from opendata.datasets import DATASETS
from tests.opendata import vocab as ns
from tests.opendata.conftest import build_city
from tests.opendata.helpers import body_of, collect_links

pytestmark = pytest.mark.django_db

SITE = "https://smart.jena.example"
CATALOGUES = {
    "ttl": ("text/turtle; charset=utf-8", "turtle"),
    "rdf": ("application/rdf+xml; charset=utf-8", "xml"),
    "jsonld": ("application/ld+json", "json-ld"),
}
LICENCE = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
JENA = URIRef("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000")
MUNICIPALITY = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")
FILE_TYPES = {
    "http://publications.europa.eu/resource/authority/file-type/" + code
    for code in ("CSV", "JSON", "GEOJSON")
}
THEMES = {
    "http://publications.europa.eu/resource/authority/data-theme/" + code
    for code in ("GOVE", "SOCI", "REGI")
}


def load(client, extension: str) -> Graph:
    response = client.get(f"/offene-daten/katalog.{extension}")
    assert response.status_code == 200
    content_type, rdflib_format = CATALOGUES[extension]
    assert response["Content-Type"] == content_type
    return Graph().parse(data=response.content, format=rdflib_format)


@pytest.fixture
def graph(client, city, settings) -> Graph:
    settings.SITE_URL = SITE
    return load(client, "ttl")


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("extension", list(CATALOGUES))
def test_the_catalogue_parses_in_every_serialisation_with_the_same_triples(client, city, extension):
    graph = load(client, extension)
    expected = catalogue_graph()  # the graph the views serialise, before any round trip

    assert len(graph) > 100
    # blank nodes included: the contact point shared by all datasets survives every format
    assert isomorphic(graph, expected)


def test_one_catalogue_with_one_dataset_per_dataset_on_the_page(client, graph):
    (catalogue,) = graph.subjects(ns.RDF.type, ns.DCAT.Catalog)
    datasets = set(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))

    assert set(graph.objects(catalogue, ns.DCAT.dataset)) == datasets
    assert len(datasets) == len(DATASETS)
    page = client.get("/offene-daten/").content.decode()
    for dataset in datasets:
        anchor = str(dataset).split("#")[1]
        assert f'id="{anchor}"' in page  # each dataset URI leads to its section


def test_every_distribution_download_url_resolves(client, graph):
    for dataset in graph.subjects(ns.RDF.type, ns.DCAT.Dataset):
        distributions = list(graph.objects(dataset, ns.DCAT.distribution))
        assert distributions, dataset
        for dist in distributions:
            (url,) = graph.objects(dist, ns.DCAT.downloadURL)
            assert str(url).startswith(SITE + "/offene-daten/")
            assert (dist, ns.DCAT.accessURL, url) in graph
            response = client.get(urlsplit(str(url)).path)
            assert response.status_code == 200, url
            (media_type,) = graph.objects(dist, ns.DCAT.mediaType)
            assert (
                response["Content-Type"].split(";")[0]
                == str(media_type).rsplit("/media-types/", 1)[1]
            )
            body_of(response)


def test_the_catalogue_carries_the_catalogue_properties(graph):
    result = graph.query(
        """
        SELECT DISTINCT ?name ?homepage ?modified WHERE {
          ?c a dcat:Catalog ;
             dct:title ?title_de, ?title_en ;
             dct:description ?description ;
             dct:publisher ?publisher ;
             dct:language <http://publications.europa.eu/resource/authority/language/DEU> ;
             foaf:homepage ?homepage ;
             dct:modified ?modified .
          ?publisher a foaf:Agent ; foaf:name ?name .
          FILTER (lang(?title_de) = "de" && lang(?title_en) = "en")
        }
        """,
        initNs={"dcat": ns.DCAT, "dct": ns.DCTERMS, "foaf": ns.FOAF},
    )
    (row,) = list(result)
    assert str(row.name) == "Stadt Jena"
    assert str(row.homepage) == SITE + "/offene-daten/"
    assert row.modified.datatype == ns.XSD.dateTime


REQUIRED_PER_DATASET = """
SELECT ?d WHERE {
  ?d a dcat:Dataset ;
     dct:identifier ?identifier ;
     dct:title ?title_de, ?title_en ;
     dct:description ?description_de, ?description_en ;
     dcat:keyword ?keyword ;
     dcat:theme ?theme ;
     dct:publisher ?publisher ;
     dct:spatial ?jena ;
     dcatde:politicalGeocodingURI ?jena ;
     dcatde:politicalGeocodingLevelURI ?municipality ;
     dct:modified ?modified ;
     dcat:contactPoint ?contact ;
     dcat:distribution ?dist .
  ?publisher a foaf:Agent ; foaf:name "Stadt Jena" .
  ?contact a vcard:Organization ; vcard:hasEmail ?email .
  ?dist a dcat:Distribution ;
        dcat:accessURL ?access ;
        dcat:downloadURL ?download ;
        dct:format ?format ;
        dcat:mediaType ?media ;
        dct:license ?licence ;
        dcatde:licenseAttributionByText ?attribution ;
        dct:modified ?dist_modified .
  FILTER (lang(?title_de) = "de" && lang(?title_en) = "en")
  FILTER (lang(?description_de) = "de" && lang(?description_en) = "en")
}
"""


def test_every_dataset_carries_the_dcat_ap_de_properties(graph):
    found = {
        row.d
        for row in graph.query(
            REQUIRED_PER_DATASET,
            initNs={
                "dcat": ns.DCAT,
                "dct": ns.DCTERMS,
                "foaf": ns.FOAF,
                "vcard": ns.VCARD,
                "dcatde": ns.DCATDE,
            },
            initBindings={"jena": JENA, "municipality": MUNICIPALITY},
        )
    }

    assert found == set(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))


def test_vocabularies_and_values(graph):
    assert set(map(str, graph.objects(None, ns.DCTERMS.format))) <= FILE_TYPES
    assert set(map(str, graph.objects(None, ns.DCAT.theme))) <= THEMES
    assert {str(o) for o in graph.objects(None, ns.DCAT.mediaType)} == {
        "http://www.iana.org/assignments/media-types/text/csv",
        "http://www.iana.org/assignments/media-types/application/json",
        "http://www.iana.org/assignments/media-types/application/geo+json",
    }
    assert set(graph.objects(None, ns.VCARD.hasEmail)) == {URIRef("mailto:smartcity@jena.example")}
    # the city's licence everywhere except the OSM-derived district boundaries
    licences = {}
    for dataset in graph.subjects(ns.RDF.type, ns.DCAT.Dataset):
        for dist in graph.objects(dataset, ns.DCAT.distribution):
            licences[str(dataset).split("#")[1]] = graph.value(dist, ns.DCTERMS.license)
    assert licences.pop("ortsteile") == URIRef("http://dcat-ap.de/def/licenses/odbl")
    assert set(licences.values()) == {LICENCE}
    assert Literal("Stadt Jena, Jena Smart") in set(
        graph.objects(None, ns.DCATDE.licenseAttributionByText)
    )


def shacl_like_violations(graph: Graph) -> list[str]:
    """A few shapes of DCAT-AP(.de) written out: cardinalities, node kinds, datatypes."""
    problems = []

    def check(condition: bool, message: str) -> None:
        if not condition:
            problems.append(message)

    for dataset in graph.subjects(ns.RDF.type, ns.DCAT.Dataset):
        titles = list(graph.objects(dataset, ns.DCTERMS.title))
        check(
            len({t.language for t in titles}) == len(titles), f"{dataset}: one title per language"
        )
        check(
            len(list(graph.objects(dataset, ns.DCTERMS.publisher))) == 1,
            f"{dataset}: one publisher",
        )
        check(
            len(list(graph.objects(dataset, ns.DCTERMS.modified))) <= 1, f"{dataset}: modified 0..1"
        )
        for theme in graph.objects(dataset, ns.DCAT.theme):
            check(isinstance(theme, URIRef), f"{dataset}: theme is an IRI")
        for dist in graph.objects(dataset, ns.DCAT.distribution):
            check((dist, ns.RDF.type, ns.DCAT.Distribution) in graph, f"{dist}: typed")
            check(len(list(graph.objects(dist, ns.DCAT.accessURL))) >= 1, f"{dist}: accessURL 1..*")
            check(len(list(graph.objects(dist, ns.DCTERMS.license))) == 1, f"{dist}: license 0..1")
            check(len(list(graph.objects(dist, ns.DCTERMS.format))) == 1, f"{dist}: format 0..1")
            for url in graph.objects(dist, ns.DCAT.downloadURL):
                check(isinstance(url, URIRef), f"{dist}: downloadURL is an IRI")
    for moment in graph.objects(None, ns.DCTERMS.modified):
        check(
            isinstance(moment, Literal) and moment.datatype in {ns.XSD.date, ns.XSD.dateTime},
            f"modified {moment!r} typed xsd:date or xsd:dateTime",
        )
    for literal in graph.objects(None, ns.DCAT.keyword):
        check(isinstance(literal, Literal) and literal.language in {"de", "en"}, "keywords tagged")
    return problems


def test_the_catalogue_passes_the_shape_checks(graph):
    assert shacl_like_violations(graph) == []


def test_contributor_id_is_left_out_unless_configured(client, city, settings):
    graph = load(client, "ttl")
    assert not list(graph.objects(None, ns.DCATDE.contributorID))

    settings.OPEN_DATA_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/stadtJena"
    graph = load(client, "ttl")
    contributors = set(graph.objects(None, ns.DCATDE.contributorID))
    assert contributors == {URIRef("http://dcat-ap.de/def/contributors/stadtJena")}
    assert len(list(graph.subject_objects(ns.DCATDE.contributorID))) == len(DATASETS)


@override_settings(
    OPEN_DATA_PUBLISHER_NAME="Stadtverwaltung Jena", OPEN_DATA_PUBLISHER_URI="https://www.jena.de/"
)
def test_the_publisher_comes_from_the_settings(client, city):
    graph = load(client, "ttl")

    (catalogue,) = graph.subjects(ns.RDF.type, ns.DCAT.Catalog)
    publisher = graph.value(catalogue, ns.DCTERMS.publisher)
    assert publisher == URIRef("https://www.jena.de/")
    assert graph.value(publisher, ns.FOAF.name) == Literal("Stadtverwaltung Jena")


def test_datasets_without_data_have_no_modified_date(client, db):
    graph = load(client, "ttl")

    assert len(set(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))) == len(DATASETS)
    assert not list(graph.objects(None, ns.DCTERMS.modified))


def test_the_english_address_serves_the_same_catalogue(client, city):
    german = client.get("/offene-daten/katalog.ttl").content
    english = client.get("/en/offene-daten/katalog.ttl").content

    assert (
        Graph()
        .parse(data=german, format="turtle")
        .isomorphic(Graph().parse(data=english, format="turtle"))
    )


def test_the_page_head_points_at_the_turtle_catalogue(client, city):
    links = collect_links(client.get("/offene-daten/").content.decode()).links
    (turtle,) = [link for link in links if link.get("type") == "text/turtle"]

    assert turtle["rel"] == "alternate"
    assert client.get(turtle["href"]).status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_the_catalogue_runs_a_constant_number_of_queries(
    client, db, size, django_assert_max_num_queries
):
    build_city(size)

    with django_assert_max_num_queries(14):  # + the Bürgerbudget and poll results' dates
        assert client.get("/offene-daten/katalog.ttl").status_code == 200
