"""The DCAT-AP.de catalogue of the open data, for harvesting (e.g. by the city's
piveau-based urban data platform, which passes it on to GovData and data.europa.eu).

One ``dcat:Catalog`` with one ``dcat:Dataset`` per entry of ``datasets.DATASETS`` and one
``dcat:Distribution`` per file. Every address is absolute, on ``SITE_URL``, and German
(unprefixed), so the catalogue is the same at /offene-daten/katalog.ttl and
/en/offene-daten/katalog.ttl. Identifiers of the catalogue and datasets are anchors of
the page /offene-daten/ (``#katalog``, ``#<dataset>``, ``#<file name>``), so each one
leads a person to its description.

Vocabularies: EU data themes and file types (publications.europa.eu authority tables),
IANA media types, the DCAT-AP.de licences and political geocoding
(dcat-ap.de/def/…). Serialised as Turtle, RDF/XML and JSON-LD by rdflib.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from . import selectors
from .datasets import DATASETS, Bilingual
from .exports import absolute, german_reverse

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_ACCESS_PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
EU_DATA_THEMES = URIRef("http://publications.europa.eu/resource/authority/data-theme")
MUNICIPALITY_KEY = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
LEVEL_MUNICIPALITY = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")

PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "dcatde": DCATDE,
    "foaf": FOAF,
    "vcard": VCARD,
    "xsd": XSD,
}

CATALOGUE_TITLE = Bilingual(
    "Offene Daten von Jena Smart",
    "Open data of Jena Smart",
)
CATALOGUE_DESCRIPTION = Bilingual(
    "Offene Daten der Smart-City-Strategie der Stadt Jena: die Maßnahmen mit ihrem "
    "Stand, der Verlauf der Sachstände, die Indikatoren, die Ideen aus der "
    "Bürgerbeteiligung, die Ortsteile, die Beteiligungsstatistik und die Ergebnisse "
    "des Bürgerbudgets.",
    "Open data of the City of Jena's Smart City strategy: the measures and their "
    "status, the history of progress reports, the indicators, the ideas from public "
    "participation, the districts, the participation statistics and the results of "
    "the participatory budget.",
)

# What each serialisation is called by rdflib, and its HTTP Content-Type.
FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    # plain "xml", not "pretty-xml": the latter loses the triples of a blank node that
    # several subjects share (the contact point) in some orders of its input.
    "rdf": ("xml", "application/rdf+xml; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json"),
}


def _add_text(graph: Graph, subject, predicate, text: Bilingual) -> None:
    graph.add((subject, predicate, Literal(text.de, lang="de")))
    graph.add((subject, predicate, Literal(text.en, lang="en")))


def _moment(value: datetime.datetime) -> Literal:
    return Literal(
        timezone.localtime(value).replace(microsecond=0).isoformat(), datatype=XSD.dateTime
    )


def _publisher(graph: Graph):
    uri = settings.OPEN_DATA_PUBLISHER_URI
    agent = URIRef(uri) if uri else BNode("publisher")
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER_NAME)))
    graph.add((agent, DCTERMS.type, LOCAL_AUTHORITY))
    return agent


def _contact_point(graph: Graph):
    contact = BNode("contact")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(settings.OPEN_DATA_PUBLISHER_NAME)))
    if settings.CONTACT_EMAIL:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.CONTACT_EMAIL}")))
    return contact


def catalogue_graph(*, modified: dict[str, datetime.datetime | None] | None = None) -> Graph:
    """The whole catalogue as an rdflib Graph. ``modified`` ({dataset identifier: last
    change}) is read from the database when not given (a fixed number of queries)."""
    if modified is None:
        modified = selectors.modified_by_dataset()
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)

    page = absolute(german_reverse("opendata:index"))
    catalogue = URIRef(page + "#katalog")
    publisher = _publisher(graph)
    contact = _contact_point(graph)
    spatial = URIRef(MUNICIPALITY_KEY + settings.OPEN_DATA_MUNICIPALITY_KEY)
    contributor = settings.OPEN_DATA_CONTRIBUTOR_ID

    graph.add((catalogue, RDF.type, DCAT.Catalog))
    _add_text(graph, catalogue, DCTERMS.title, CATALOGUE_TITLE)
    _add_text(graph, catalogue, DCTERMS.description, CATALOGUE_DESCRIPTION)
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, FOAF.homepage, URIRef(page)))
    graph.add((catalogue, DCTERMS.language, URIRef(EU_LANGUAGE + "DEU")))
    graph.add((catalogue, DCTERMS.language, URIRef(EU_LANGUAGE + "ENG")))
    graph.add((catalogue, DCAT.themeTaxonomy, EU_DATA_THEMES))
    graph.add((catalogue, DCTERMS.spatial, spatial))
    latest = [moment for moment in modified.values() if moment is not None]
    if latest:
        graph.add((catalogue, DCTERMS.modified, _moment(max(latest))))

    for dataset in DATASETS:
        node = URIRef(f"{page}#{dataset.identifier}")
        licence = dataset.licence
        changed = modified.get(dataset.identifier)
        graph.add((catalogue, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        graph.add((node, DCTERMS.identifier, Literal(str(node))))
        _add_text(graph, node, DCTERMS.title, dataset.title)
        _add_text(graph, node, DCTERMS.description, dataset.description)
        for keyword in dataset.keywords:
            _add_text(graph, node, DCAT.keyword, keyword)
        for theme in dataset.theme_uris:
            graph.add((node, DCAT.theme, URIRef(theme)))
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCAT.contactPoint, contact))
        if contributor:
            graph.add((node, DCATDE.contributorID, URIRef(contributor)))
        graph.add((node, DCTERMS.spatial, spatial))
        graph.add((node, DCATDE.politicalGeocodingURI, spatial))
        graph.add((node, DCATDE.politicalGeocodingLevelURI, LEVEL_MUNICIPALITY))
        graph.add((node, DCTERMS.language, URIRef(EU_LANGUAGE + "DEU")))
        graph.add((node, DCTERMS.accessRights, EU_ACCESS_PUBLIC))
        graph.add((node, DCAT.landingPage, URIRef(f"{page}#{dataset.identifier}")))
        if changed:
            graph.add((node, DCTERMS.modified, _moment(changed)))

        for distribution in dataset.distributions:
            url = URIRef(absolute(german_reverse(f"opendata:{distribution.url_name}")))
            dist = URIRef(f"{page}#{distribution.filename}")
            graph.add((node, DCAT.distribution, dist))
            graph.add((dist, RDF.type, DCAT.Distribution))
            _add_text(graph, dist, DCTERMS.title, distribution.title)
            graph.add((dist, DCAT.accessURL, url))
            graph.add((dist, DCAT.downloadURL, url))
            graph.add((dist, DCTERMS.format, URIRef(distribution.format.file_type_uri)))
            graph.add((dist, DCAT.mediaType, URIRef(distribution.format.media_type_uri)))
            graph.add((dist, DCTERMS.license, URIRef(licence.uri)))
            graph.add((dist, DCATDE.licenseAttributionByText, Literal(licence.attribution)))
            if changed:
                graph.add((dist, DCTERMS.modified, _moment(changed)))
    return graph


def serialise(graph: Graph, extension: str) -> bytes:
    """The graph as Turtle (``ttl``), RDF/XML (``rdf``) or JSON-LD (``jsonld``), UTF-8."""
    rdflib_format, _content_type = FORMATS[extension]
    options = {}
    if rdflib_format == "json-ld":
        options = {"context": {prefix: str(ns) for prefix, ns in PREFIXES.items()}, "indent": 2}
    return graph.serialize(format=rdflib_format, encoding="utf-8", **options)
