"""The open datasets of Jena Smart: what each one is, in which formats, under which
licence. One list (``DATASETS``) feeds the page /offene-daten/, the download URLs and
the DCAT-AP.de catalogue, so the three cannot disagree.

Titles, descriptions and keywords are catalogue metadata in German *and* English
(``Bilingual``): the DCAT catalogue carries both languages at once, whatever the
language of the request, and the page shows the one of the request. The page's own
wording (headings, labels) goes through gettext as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language

EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
IANA_MEDIA_TYPE = "http://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Bilingual:
    """A text in German (the source) and English; ``str()`` gives the active language."""

    de: str
    en: str

    def __str__(self) -> str:
        return self.en if (get_language() or "de").startswith("en") else self.de


@dataclass(frozen=True)
class FileFormat:
    code: str  # the EU file-type code: CSV, JSON, GEOJSON
    label: str  # shown on the page
    media_type: str  # IANA
    content_type: str  # the HTTP Content-Type of the download

    @property
    def file_type_uri(self) -> str:
        return EU_FILE_TYPE + self.code

    @property
    def media_type_uri(self) -> str:
        return IANA_MEDIA_TYPE + self.media_type


CSV = FileFormat("CSV", "CSV", "text/csv", "text/csv; charset=utf-8; header=present")
JSON = FileFormat("JSON", "JSON", "application/json", "application/json")
GEOJSON = FileFormat("GEOJSON", "GeoJSON", "application/geo+json", "application/geo+json")


@dataclass(frozen=True)
class Licence:
    name: str
    url: str  # the licence text, for people
    uri: str  # the DCAT-AP.de licence URI, for catalogues
    attribution: str  # what re-users name as the source

    @property
    def name_lang(self) -> str:
        """The language of the licence's name and text (for ``lang``/``hreflang``): the
        German licences (Datenlizenz Deutschland, GeoNutzV) are German, the
        international ones (Creative Commons, Open Data Commons) English."""
        german = ("/dl-", "/geonutz")
        return "de" if any(part in self.uri for part in german) else "en"


def standard_licence() -> Licence:
    """The licence of the city's own data (settings ``OPEN_DATA_LICENSE_*``)."""
    return Licence(
        name=settings.OPEN_DATA_LICENSE_NAME,
        url=settings.OPEN_DATA_LICENSE_URL,
        uri=settings.OPEN_DATA_LICENSE_URI,
        attribution=settings.OPEN_DATA_ATTRIBUTION,
    )


def districts_licence() -> Licence:
    """The district boundaries: by default derived from OpenStreetMap (the demo data and
    the usual import), so ODbL applies; a city that loads its own official boundaries
    sets ``OPEN_DATA_DISTRICTS_LICENSE_*`` to its licence."""
    return Licence(
        name=settings.OPEN_DATA_DISTRICTS_LICENSE_NAME,
        url=settings.OPEN_DATA_DISTRICTS_LICENSE_URL,
        uri=settings.OPEN_DATA_DISTRICTS_LICENSE_URI,
        attribution=settings.OPEN_DATA_DISTRICTS_ATTRIBUTION,
    )


@dataclass(frozen=True)
class Distribution:
    """One downloadable file of a dataset, at /offene-daten/<filename>."""

    filename: str
    format: FileFormat
    title: Bilingual

    @property
    def url_name(self) -> str:
        """The URL name in the ``opendata`` namespace."""
        return "file-" + self.filename.replace(".", "-")

    @property
    def download_filename(self) -> str:
        """The name the browser saves it under (Content-Disposition)."""
        return f"jena-smart-{self.filename}"


@dataclass(frozen=True)
class Dataset:
    identifier: str  # also the anchor on the page: /offene-daten/#<identifier>
    title: Bilingual
    description: Bilingual
    keywords: tuple[Bilingual, ...]
    themes: tuple[str, ...]  # EU data-theme codes (GOVE, SOCI, REGI, ...)
    distributions: tuple[Distribution, ...]
    licence_of: Callable[[], Licence] = field(default=standard_licence)

    @property
    def licence(self) -> Licence:
        return self.licence_of()

    @property
    def theme_uris(self) -> list[str]:
        return [EU_DATA_THEME + code for code in self.themes]


SMART_CITY = Bilingual("Smart City", "smart city")
JENA = Bilingual("Jena", "Jena")
PARTICIPATION = Bilingual("Bürgerbeteiligung", "public participation")

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        identifier="massnahmen",
        title=Bilingual(
            "Maßnahmen der Smart-City-Strategie mit aktuellem Stand",
            "Measures of the Smart City strategy with their current status",
        ),
        description=Bilingual(
            "Alle öffentlichen Teilmaßnahmen der Smart-City-Strategie der Stadt Jena: "
            "Nummer, Titel, Kurzbeschreibung und Zusammenfassung in Leichter Sprache (wo "
            "vorhanden), Maßnahmenbündel, Kernbereiche, Handlungsfeld, aktueller "
            "Status und Fortschritt in Prozent, ob die Maßnahme im Verzug ist oder ihr "
            "Sachstand veraltet, geplanter Beginn und geplantes Ende, verantwortliche "
            "Stelle, Datum des letzten Sachstands und Adresse der Maßnahmenseite; Titel "
            "und Kurzbeschreibung auch auf Englisch, wo es sie gibt (Spalten mit _en).",
            "All public sub-measures of the City of Jena's Smart City strategy: number, "
            "title, short description and summary in Leichte Sprache (easy-to-read German, "
            "where present), measure bundle, core areas, field of action, current status and "
            "progress in per cent, whether the measure is delayed or its progress "
            "report out of date, planned start and end, responsible unit, date of the "
            "latest progress report and the address of the measure's page; title and "
            "summary in English too where they exist (columns ending in _en).",
        ),
        keywords=(
            SMART_CITY,
            JENA,
            Bilingual("Strategie", "strategy"),
            Bilingual("Maßnahmen", "measures"),
            Bilingual("Fortschritt", "progress"),
        ),
        themes=("GOVE",),
        distributions=(
            Distribution("massnahmen.csv", CSV, Bilingual("Maßnahmen als CSV", "Measures as CSV")),
            Distribution(
                "massnahmen.json", JSON, Bilingual("Maßnahmen als JSON", "Measures as JSON")
            ),
        ),
    ),
    Dataset(
        identifier="sachstaende",
        title=Bilingual(
            "Sachstände der Maßnahmen (Verlauf)",
            "Progress reports of the measures (history)",
        ),
        description=Bilingual(
            "Jeder veröffentlichte Sachstand der öffentlichen Maßnahmen: Datum, "
            "Maßnahme, Status, Fortschritt in Prozent, Text des Sachstands und die "
            "Begründung, wenn eine Maßnahme eingestellt oder unter 100 Prozent "
            "abgeschlossen wurde. Daraus lässt sich der Stand jeder Maßnahme an jedem "
            "Tag ablesen.",
            "Every published progress report of the public measures: date, measure, "
            "status, progress in per cent, the report's text and the reason given when "
            "a measure was discontinued or completed below 100 per cent. It shows the "
            "state of every measure on any day.",
        ),
        keywords=(
            SMART_CITY,
            JENA,
            Bilingual("Sachstand", "progress report"),
            Bilingual("Fortschritt", "progress"),
        ),
        themes=("GOVE",),
        distributions=(
            Distribution(
                "sachstaende.csv",
                CSV,
                Bilingual("Sachstände als CSV", "Progress reports as CSV"),
            ),
        ),
    ),
    Dataset(
        identifier="indikatoren",
        title=Bilingual("Indikatoren der Maßnahmen", "Indicators of the measures"),
        description=Bilingual(
            "Die Kennzahlen, an denen die Stadt den Erfolg der Maßnahmen misst: "
            "Indikator, Maßnahme, Einheit, Ausgangs- und Zielwert mit Datum und alle "
            "erfassten Werte mit Datum, eine Zeile je Wert.",
            "The figures by which the city measures the success of the measures: "
            "indicator, measure, unit, baseline and target with their dates, and every "
            "recorded value with its date, one row per value.",
        ),
        keywords=(
            SMART_CITY,
            JENA,
            Bilingual("Indikatoren", "indicators"),
            Bilingual("Kennzahlen", "key figures"),
        ),
        themes=("GOVE",),
        distributions=(
            Distribution(
                "indikatoren.csv", CSV, Bilingual("Indikatoren als CSV", "Indicators as CSV")
            ),
        ),
    ),
    Dataset(
        identifier="ideen",
        title=Bilingual("Ideen aus der Bürgerbeteiligung", "Ideas from public participation"),
        description=Bilingual(
            "Die veröffentlichten Ideen der Beteiligungsprojekte (ohne ausgeblendete "
            "Ideen und ohne Projektentwürfe): Titel, Text, Status, Projekt, Kategorie, "
            "Ortsteil, Datum der Einreichung, Zahl der Unterstützungen und Kommentare "
            "und der Ort auf der Karte (WGS 84). Ohne personenbezogene Daten: keine "
            "Namen und keine E-Mail-Adressen der Einreichenden.",
            "The published ideas of the participation projects (without ideas hidden "
            "by the moderation and without draft projects): title, text, status, "
            "project, category, district, date submitted, number of supporters and "
            "comments, and the place on the map (WGS 84). No personal data: no names "
            "and no e-mail addresses of the people who submitted them.",
        ),
        keywords=(
            SMART_CITY,
            JENA,
            PARTICIPATION,
            Bilingual("Ideen", "ideas"),
        ),
        themes=("SOCI", "GOVE"),
        distributions=(
            Distribution(
                "ideen.geojson", GEOJSON, Bilingual("Ideen als GeoJSON", "Ideas as GeoJSON")
            ),
            Distribution("ideen.csv", CSV, Bilingual("Ideen als CSV", "Ideas as CSV")),
        ),
    ),
    Dataset(
        identifier="ortsteile",
        title=Bilingual("Ortsteile der Stadt Jena", "Districts (Ortsteile) of Jena"),
        description=Bilingual(
            "Die Ortsteile Jenas mit Name, Kurzname und Grenze (WGS 84), wie das Portal "
            "sie für die Zuordnung der Ideen verwendet. Die Eigenschaft „source“ nennt "
            "die Herkunft jeder Grenze; angenäherte Grenzen sind keine amtlichen "
            "Grenzen.",
            "Jena's districts (Ortsteile) with name, short name and boundary (WGS 84), "
            'as the portal uses them to place ideas. The property "source" names the '
            "origin of each boundary; approximated boundaries are not official ones.",
        ),
        keywords=(JENA, Bilingual("Ortsteile", "districts"), Bilingual("Grenzen", "boundaries")),
        themes=("REGI",),
        distributions=(
            Distribution(
                "ortsteile.geojson",
                GEOJSON,
                Bilingual("Ortsteile als GeoJSON", "Districts as GeoJSON"),
            ),
        ),
        licence_of=districts_licence,
    ),
    Dataset(
        identifier="beteiligungsstatistik",
        title=Bilingual("Beteiligungsstatistik", "Participation statistics"),
        description=Bilingual(
            "Wie viele Ideen, Kommentare und Unterstützungen es in den veröffentlichten "
            "Beteiligungsprojekten gibt und wie viele verschiedene Menschen mitgemacht "
            "haben – je Projekt, je Ortsteil und je Monat. Gezählt werden nur sichtbare "
            "Beiträge.",
            "How many ideas, comments and votes of support the published participation "
            "projects have, and how many different people took part – per project, per "
            "district and per month. Only visible contributions are counted.",
        ),
        keywords=(
            SMART_CITY,
            JENA,
            PARTICIPATION,
            Bilingual("Statistik", "statistics"),
        ),
        themes=("SOCI", "GOVE"),
        distributions=(
            Distribution(
                "beteiligung-projekte.csv",
                CSV,
                Bilingual("je Projekt als CSV", "per project as CSV"),
            ),
            Distribution(
                "beteiligung-ortsteile.csv",
                CSV,
                Bilingual("je Ortsteil als CSV", "per district as CSV"),
            ),
            Distribution(
                "beteiligung-monate.csv",
                CSV,
                Bilingual("je Monat als CSV", "per month as CSV"),
            ),
        ),
    ),
    Dataset(
        identifier="buergerbudget-ergebnisse",
        title=Bilingual(
            "Bürgerbudget: Ergebnisse und Umsetzung",
            "Participatory budget (Bürgerbudget): results and implementation",
        ),
        description=Bilingual(
            "Jeder Vorschlag auf dem Stimmzettel der veröffentlichten Bürgerbudgets: Jahr, "
            "Nummer, Titel, Zusammenfassung in Leichter Sprache (wo vorhanden), Ortsteil, "
            "Kosten, Rang, Punkte (gesamt, online, auf Papier), "
            "Zahl der Unterstützenden, ob er gefördert wird und warum (die Begründung der "
            "Auszählung), der Stand und Fortschritt der Umsetzung und der Ort auf der Karte "
            "(WGS 84). Ohne personenbezogene Daten: keine Namen der Einreichenden, keine "
            "Stimmzettel einzelner Personen.",
            "Every proposal on the ballot of the published participatory budgets: year, "
            "number, title, summary in Leichte Sprache (easy-to-read German, where present), "
            "district, cost, rank, points (total, online, on paper), number "
            "of supporters, whether it is funded and why (the count's reason), the status "
            "and progress of its implementation and the place on the map (WGS 84). No "
            "personal data: no names of the people who proposed them, no individual "
            "ballots.",
        ),
        keywords=(
            JENA,
            PARTICIPATION,
            Bilingual("Bürgerbudget", "participatory budget"),
            Bilingual("Abstimmung", "vote"),
        ),
        themes=("GOVE", "SOCI"),
        distributions=(
            Distribution(
                "buergerbudget-ergebnisse.csv",
                CSV,
                Bilingual("Ergebnisse als CSV", "Results as CSV"),
            ),
            Distribution(
                "buergerbudget-ergebnisse.geojson",
                GEOJSON,
                Bilingual("Ergebnisse als GeoJSON", "Results as GeoJSON"),
            ),
        ),
    ),
)


DATASETS += (
    Dataset(
        identifier="umfragen-ergebnisse",
        title=Bilingual("Umfragen: Ergebnisse", "Polls and surveys: results"),
        description=Bilingual(
            "Die zusammengefassten Ergebnisse der beendeten Umfragen in veröffentlichten "
            "Beteiligungsprojekten, deren Ergebnisse öffentlich sind: je Frage, Matrixzeile "
            "und Antwortmöglichkeit (bei Rangfolgen je Platz, bei Ortsteil-Fragen je "
            "Ortsteil) die Zahl der Antworten und wie viele die Frage beantwortet haben; "
            "bei Zahlen, Daten, Texten und Orten nur diese Zahl. Gezählt werden nur "
            "abgeschickte Antworten. Ohne Freitexte, ohne vertrauliche Fragen und ohne "
            "einzelne Antwortbögen: keine personenbezogenen Daten.",
            "The aggregate results of the finished polls in published participation "
            "projects whose results are public: per question, matrix row and choice (per "
            "place for rankings, per district for district questions) the number of "
            "answers and how many answered the question; for numbers, dates, texts and "
            "places only that number. Only submitted answers count. No free texts, no "
            "confidential questions and no individual answers: no personal data.",
        ),
        keywords=(
            JENA,
            PARTICIPATION,
            Bilingual("Umfrage", "survey"),
            Bilingual("Ergebnisse", "results"),
        ),
        themes=("GOVE", "SOCI"),
        distributions=(
            Distribution(
                "umfragen-ergebnisse.csv",
                CSV,
                Bilingual("Ergebnisse als CSV", "Results as CSV"),
            ),
        ),
    ),
)


def all_distributions() -> list[tuple[Dataset, Distribution]]:
    return [(dataset, dist) for dataset in DATASETS for dist in dataset.distributions]
