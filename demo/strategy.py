"""Demo data: Jena's Smart City strategy with ~50 sub-measures and their history.

Sources: the public facts collected in ``shared/data/jena/STRATEGY.md`` (smartcity.jena.de,
rathaus.jena.de, mitmachen.jena.de, press reports). Known from there: the motto, the five
core areas and five fields of action with their titles, the programme (€17.45 million,
90 % funding, 09/2022–08/2027 implementation), seven bundles and the sub-measures named
there (WISSENsAllmende with its data parts, Smartes Quartier Lobeda, Partizipative
Stadtentwicklung, Lernräume der Zukunft, JEDI opened 12 August 2024 at Engelplatz 8,
Digitale Kompetenzen für Fachkräfte, Smarte Verwaltung rejected 05/2023 and replaced by the
Multifunktionales Chatsystem approved 22 March 2024, Sensorgestützte Stadtgrünpflege,
Code Week Jena/Thüringen, Digitalagent).

ILLUSTRATIVE (invented to fill the gaps, flagged ``illustrative=True`` below): two bundles
(2 „Smarte Infrastruktur und Sensorik“, 6 „Digitale Teilhabe für alle Generationen“), every
sub-measure flagged as such, the organisational units flagged as such, and — for every
measure, known or not — the budgets, dates, partners, milestones, indicators, their values
and the progress histories. They show how the tracker works; they are not the city's
figures. The sub-measures' planned budgets add up to about €16 million; the rest of the
€17.45 million (programme management, communication, evaluation) is no sub-measure.

The loader writes everything through ``measures.services`` (actor=None: trusted system
code), so the same rules hold as in the admin. It only creates what is missing (matched by
number, slug, code, title, date) and never overwrites what exists, so a re-run changes
nothing and keeps what people changed in the admin during a demo. Dates are fixed; entries
dated after today are skipped (a later run adds them when their day has come).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from demo.easy_summaries import easy_summaries_ensure
from measures import services
from measures.models import (
    CoreArea,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBundle,
    Milestone,
    OrganisationalUnit,
)

from .english import fill_english_strategy

D = datetime.date

MOTTO = "Jena digitalisiert, lernt und teilt. Unsere Stadt schafft und nutzt WISSEN"
PROGRAMME_BUDGET = Decimal("17450000")
FUNDING_MSC = "Modellprojekte Smart Cities (BMWSB/KfW), 90 % Förderquote, 10 % Eigenanteil"
FUNDING_MSC_PARTNER = FUNDING_MSC + "; ergänzend Eigenmittel der Partner"

DEMO_MANAGER_EMAIL = "manager@jena-smart.example"
DEMO_MANAGER_PASSWORD = "Jena-Smart-Demo-2026"  # noqa: S105 - printed demo credentials
DEMO_MANAGER_NAME = "Demo Maßnahmenverantwortliche"
DEMO_MANAGER_UNIT = "digitalisierung"
GROUP_PREFIX = "Maßnahmenverantwortliche"

PLANNED, PREPARING, IN_PROGRESS = "planned", "preparing", "in_progress"
COMPLETED, PAUSED, DISCONTINUED = "completed", "paused", "discontinued"


# --- shapes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    slug: str
    name: str
    short_name: str
    email: str
    illustrative: bool = False

    @property
    def group_name(self) -> str:
        return f"{GROUP_PREFIX} {self.short_name}"


@dataclass(frozen=True)
class CoreAreaSpec:
    number: int
    slug: str
    title: str
    summary: str


@dataclass(frozen=True)
class FieldSpec:
    number: int
    code: str
    slug: str
    title: str
    summary: str


@dataclass(frozen=True)
class BundleSpec:
    number: int
    slug: str
    title: str
    field: str  # FieldSpec.code
    core_areas: tuple[int, ...]
    summary: str
    illustrative: bool = False


@dataclass(frozen=True)
class Update:
    """A Sachstand in the measure's history."""

    date: datetime.date
    status: str
    progress: int
    text: str
    reason: str = ""


@dataclass(frozen=True)
class MilestoneSpec:
    title: str
    due_on: datetime.date
    completed_on: datetime.date | None = None


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    unit: str
    baseline: tuple[datetime.date, int]
    target: tuple[datetime.date, int]
    values: tuple[tuple[datetime.date, int], ...]
    description: str = ""


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    slug: str
    title: str
    unit: str  # UnitSpec.slug
    summary: str
    description: str
    start: datetime.date
    end: datetime.date
    budget: tuple[int, int]  # planned, spent (EUR)
    updates: tuple[Update, ...]
    partners: str = ""
    funding: str = FUNDING_MSC
    location: tuple[float, float] | None = None  # (lon, lat)
    milestones: tuple[MilestoneSpec, ...] = ()
    indicators: tuple[IndicatorSpec, ...] = ()
    related: tuple[str, ...] = ()
    successor: str | None = None
    illustrative: bool = False

    @property
    def bundle_number(self) -> int:
        return int(self.code.split(".")[0])


def point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


# Places in Jena (lon, lat). JEDI and the library are known addresses; the Lobeda points
# and the Volkshochschule are approximate (illustrative).
JEDI_ENGELPLATZ_8 = (11.5860, 50.9283)
ERNST_ABBE_BUECHEREI = (11.5850, 50.9290)
VHS_GRIETGASSE = (11.5835, 50.9262)
LOBEDA = (11.6030, 50.8990)
LOBEDA_APARTMENTS = (11.6052, 50.8978)
LOBEDA_MUSTERWOHNUNG = (11.6015, 50.9002)


# --- structure ------------------------------------------------------------------------------

UNITS: tuple[UnitSpec, ...] = (
    UnitSpec(
        "digitalisierung",
        "Fachdienst Digitalisierung / Smart City",
        "FD Digitalisierung",
        "smartcity@jena-smart.example",
    ),
    UnitSpec(
        "stadtentwicklung",
        "Fachdienst Stadtentwicklung und Stadtplanung",
        "FD Stadtentwicklung",
        "stadtentwicklung@jena-smart.example",
        illustrative=True,
    ),
    UnitSpec("volkshochschule", "Volkshochschule Jena", "VHS", "vhs@jena-smart.example"),
    UnitSpec("ernst-abbe-buecherei", "Ernst-Abbe-Bücherei", "EAB", "buecherei@jena-smart.example"),
    UnitSpec("kommunale-immobilien", "Kommunale Immobilien Jena", "KIJ", "kij@jena-smart.example"),
    UnitSpec("kommunalservice", "Kommunalservice Jena", "KSJ", "ksj@jena-smart.example"),
    UnitSpec("jenawirtschaft", "JenaWirtschaft", "JenaWirtschaft", "wirtschaft@jena-smart.example"),
    UnitSpec(
        "kindertagesstaetten",
        "Eigenbetrieb Jenaer Kindertagesstätten",
        "JenKiTa",
        "kitas@jena-smart.example",
        illustrative=True,
    ),
    UnitSpec(
        "soziales",
        "Fachdienst Soziales und Gesundheit",
        "FD Soziales",
        "soziales@jena-smart.example",
        illustrative=True,
    ),
)

CORE_AREAS: tuple[CoreAreaSpec, ...] = (
    CoreAreaSpec(
        1,
        "digitale-kompetenzen",
        "Digitale Kompetenzen, Professionalisierung und Wissenstransfer",
        "Menschen in Jena – in Schule, Beruf und Alltag – können digitale Werkzeuge sicher "
        "nutzen; Wissen aus Hochschulen und Verwaltung wird geteilt.",
    ),
    CoreAreaSpec(
        2,
        "teilhabe",
        "Teilhabe, Bürgerbeteiligung und digitale Souveränität",
        "Alle können mitreden und mitgestalten, auch ohne eigene Technik; die Stadt bleibt "
        "Herrin ihrer Daten und Systeme.",
    ),
    CoreAreaSpec(
        3,
        "vorreiter-standort",
        "Jena als Vorreiter-Standort für Digitalisierung und Innovation",
        "Experimentierräume, Innovationskultur, Start-ups und digitale interne Prozesse.",
    ),
    CoreAreaSpec(
        4,
        "urbane-daten",
        "Urbane Daten transparent für alle – mit Datenschutz und IT-Sicherheit",
        "Die urbane Datenplattform macht städtische Daten offen nutzbar – sicher und "
        "datenschutzgerecht.",
    ),
    CoreAreaSpec(
        5,
        "zukunftsfaehiger-standort",
        "Zukunftsfähiger und klimagerechter Wohn-, Arbeits- und Lebensstandort",
        "Antworten auf Klimawandel, Überalterung, Fachkräftemangel und Flächenkonkurrenz.",
    ),
)

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        1,
        "HF1",
        "digitale-infrastruktur",
        "Digitale Infrastruktur und Datenpolitik",
        "Datenplattform, Sensorik, Netze und die Regeln für städtische Daten.",
    ),
    FieldSpec(
        2,
        "HF2",
        "stadtentwicklung-umwelt-verkehr",
        "Stadtentwicklung, Umwelt und Verkehr",
        "Quartiere, Planung, Stadtgrün und Mobilität – digital unterstützt.",
    ),
    FieldSpec(
        3,
        "HF3",
        "bildung-kultur-soziales",
        "Bildung, Kultur und Soziales",
        "Lernorte, Bibliothek, Kitas und digitale Teilhabe für alle Generationen.",
    ),
    FieldSpec(
        4,
        "HF4",
        "wirtschaft-wissenschaft",
        "Wirtschaft und Wissenschaft",
        "Innovation, Gründungen und Fachkräfte im Wissenschaftsstandort Jena.",
    ),
    FieldSpec(
        5,
        "HF5",
        "digitale-verwaltung",
        "Digitale Verwaltung",
        "Bürgernahe, digitale Verwaltungsleistungen und interne Prozesse.",
    ),
)

BUNDLES: tuple[BundleSpec, ...] = (
    BundleSpec(
        1,
        "urbane-datenplattform",
        "Urbane Datenplattform „WISSENsAllmende Jena“",
        "HF1",
        (4, 3),
        "Die Datenplattform wissensallmende.jena.de bündelt Umwelt-, Bevölkerungs- und "
        "Stadtbaumdaten und das frühere Open-Data-Portal; ÖPNV, Veranstaltungen, "
        "Luftqualität und Haushalt folgen.",
    ),
    BundleSpec(
        2,
        "smarte-infrastruktur",
        "Smarte Infrastruktur und Sensorik",
        "HF1",
        (4, 5),
        "Funknetz und Sensoren, die der Datenplattform Messwerte liefern und städtische "
        "Dienste wie die Grünpflege steuern.",
        illustrative=True,
    ),
    BundleSpec(
        3,
        "smartes-quartier-lobeda",
        "Smartes Quartier Jena-Lobeda",
        "HF2",
        (5, 2),
        "Telemedizin, Gesundheitsapartments und ein Pflegeplatzportal: länger gut und "
        "selbstbestimmt leben im größten Stadtteil Jenas.",
    ),
    BundleSpec(
        4,
        "partizipative-stadtentwicklung",
        "Partizipative Stadtentwicklung",
        "HF2",
        (2, 5),
        "Planung sichtbar machen und digital mitreden: 3D-Stadtmodell und neue "
        "Beteiligungsformate.",
    ),
    BundleSpec(
        5,
        "lernraeume-der-zukunft",
        "Lernräume der Zukunft – Digitales Lernen für alle",
        "HF3",
        (1, 2),
        "Probierladen und ProbierMobil der Volkshochschule, die smarte Ernst-Abbe-Bücherei "
        "und smarte Kitas.",
    ),
    BundleSpec(
        6,
        "digitale-teilhabe",
        "Digitale Teilhabe für alle Generationen",
        "HF3",
        (2, 1),
        "Code Week, Digitalagent:innen und Angebote, die niemanden digital zurücklassen.",
        illustrative=True,
    ),
    BundleSpec(
        7,
        "jedi",
        "Jena Digital Innovation Hub „JEDI“",
        "HF4",
        (3, 1),
        "Der Innovationsort am Engelplatz 8 (eröffnet am 12. August 2024) mit Programm, "
        "Experimentierräumen und Start-up-Förderung.",
    ),
    BundleSpec(
        8,
        "digitale-kompetenzen-fachkraefte",
        "Digitale Kompetenzen für Fachkräfte",
        "HF4",
        (1, 5),
        "Weiterbildung für Beschäftigte in Unternehmen, Pflege und Stadtverwaltung.",
    ),
    BundleSpec(
        9,
        "smarte-verwaltung",
        "Smarte Verwaltung",
        "HF5",
        (3, 2),
        "Verwaltungsleistungen digital und bürgernah; seit 2024 mit dem multifunktionalen "
        "Chatsystem.",
    ),
)


# --- measures -------------------------------------------------------------------------------

MEASURES: tuple[MeasureSpec, ...] = (
    # 1 Urbane Datenplattform ------------------------------------------------------------
    MeasureSpec(
        code="1.1",
        slug="datenplattform-aufbau",
        title="Aufbau der Urbanen Datenplattform „WISSENsAllmende Jena“",
        unit="digitalisierung",
        summary="Die Plattform bündelt städtische Daten an einem Ort und stellt sie unter "
        "wissensallmende.jena.de offen bereit.",
        description="Die Stadt baut eine urbane Datenplattform auf, die Daten aus Verwaltung, "
        "Sensorik und von Partnern zusammenführt, aufbereitet und als offene Daten "
        "bereitstellt. Seit 2024 ist sie unter wissensallmende.jena.de online. Sie ist das "
        "technische Rückgrat für die weiteren Teilmaßnahmen des Bündels.",
        partners="Stadtwerke Jena GmbH; Friedrich-Schiller-Universität Jena",
        start=D(2022, 9, 1),
        end=D(2024, 12, 31),
        budget=(1_150_000, 1_136_400),
        milestones=(
            MilestoneSpec("Vergabe der Plattformentwicklung", D(2023, 6, 30), D(2023, 6, 12)),
            MilestoneSpec(
                "Plattform online unter wissensallmende.jena.de", D(2024, 6, 30), D(2024, 5, 28)
            ),
        ),
        updates=(
            Update(
                D(2023, 3, 31),
                PREPARING,
                10,
                "Die Anforderungen sind mit den Fachdiensten "
                "abgestimmt; die Ausschreibung wird vorbereitet.",
            ),
            Update(
                D(2023, 9, 30),
                IN_PROGRESS,
                35,
                "Der Zuschlag ist erteilt. Die ersten "
                "Datenquellen (Umweltsensoren, Bevölkerung, Stadtbäume) werden angebunden.",
            ),
            Update(
                D(2024, 3, 31),
                IN_PROGRESS,
                70,
                "Die Plattform läuft im Testbetrieb; "
                "Datenkatalog und Visualisierungen werden mit Nutzer:innen erprobt.",
            ),
            Update(
                D(2024, 9, 30),
                COMPLETED,
                100,
                "Die WISSENsAllmende ist öffentlich "
                "erreichbar; der Aufbau ist abgeschlossen. Betrieb und Ausbau laufen in den "
                "Teilmaßnahmen 1.2 bis 1.8 weiter.",
            ),
        ),
        related=("1.2", "1.4"),
    ),
    MeasureSpec(
        code="1.2",
        slug="umweltsensorik-datenplattform",
        title="Umweltsensorik auf der Datenplattform",
        unit="digitalisierung",
        summary="Messwerte städtischer Umweltsensoren sind in Echtzeit auf der Plattform abrufbar.",
        description="Temperatur, Luftfeuchte, Bodenfeuchte und Pegelstände aus städtischen "
        "Sensoren laufen in die Datenplattform und sind dort als Karte, Zeitreihe und "
        "Schnittstelle abrufbar. Die Sensoren funken über das LoRaWAN-Netz aus Teilmaßnahme "
        "2.1.",
        partners="Kommunalservice Jena; Stadtwerke Jena Netze GmbH",
        start=D(2023, 1, 1),
        end=D(2027, 6, 30),
        budget=(640_000, 452_300),
        milestones=(
            MilestoneSpec("Erste 50 Sensoren in Betrieb", D(2024, 6, 30), D(2024, 9, 12)),
            MilestoneSpec("250 Sensoren in Betrieb", D(2027, 6, 30)),
        ),
        indicators=(
            IndicatorSpec(
                "Sensoren online",
                "Sensoren",
                (D(2023, 1, 1), 0),
                (D(2027, 6, 30), 250),
                (
                    (D(2023, 9, 30), 18),
                    (D(2024, 3, 31), 46),
                    (D(2024, 9, 30), 87),
                    (D(2025, 3, 31), 121),
                    (D(2025, 9, 30), 164),
                    (D(2026, 3, 31), 190),
                    (D(2026, 9, 30), 212),
                ),
                "Sensoren, die in den letzten 24 Stunden Messwerte an die Plattform geliefert "
                "haben.",
            ),
        ),
        updates=(
            Update(
                D(2023, 9, 30),
                IN_PROGRESS,
                15,
                "Die ersten 18 Sensoren liefern Daten; "
                "die Schnittstelle zur Plattform ist eingerichtet.",
            ),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                40,
                "87 Sensoren sind online. Der Meilenstein "
                "von 50 Sensoren wurde wegen Lieferzeiten im September erreicht.",
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                60,
                "164 Sensoren sind online; die Messwerte "
                "sind als Karte und Zeitreihe auf der Plattform veröffentlicht.",
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                75,
                "212 Sensoren sind online; die Ausbaustufe "
                "für Pegelmessungen an der Saale ist beauftragt.",
            ),
        ),
        related=("2.1", "2.2"),
    ),
    MeasureSpec(
        code="1.3",
        slug="bevoelkerungs-und-stadtbaumdaten",
        title="Bevölkerungs- und Stadtbaumdaten als offene Daten",
        unit="digitalisierung",
        summary="Bevölkerungsstatistik je Ortsteil und das Stadtbaumkataster als offene, "
        "regelmäßig aktualisierte Datensätze.",
        description="Die Bevölkerungsstatistik wird je Ortsteil und Altersgruppe "
        "aufbereitet und halbjährlich aktualisiert. Das Stadtbaumkataster steht als Karte "
        "und Datensatz bereit. Beide Bestände werden automatisch aus den Fachverfahren "
        "übernommen.",
        partners="Kommunalservice Jena (Baumkataster)",
        start=D(2023, 4, 1),
        end=D(2027, 3, 31),
        budget=(290_000, 248_900),
        updates=(
            Update(
                D(2023, 9, 30),
                IN_PROGRESS,
                20,
                "Die Datenmodelle für Bevölkerung und Stadtbäume sind abgestimmt.",
            ),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                65,
                "Das Stadtbaumkataster ist als Karte und Datensatz veröffentlicht.",
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                85,
                "Die Bevölkerungsdaten je Ortsteil werden halbjährlich automatisch aktualisiert.",
            ),
            Update(
                D(2026, 10, 15),
                IN_PROGRESS,
                90,
                "Es fehlt noch die automatische "
                "Übernahme der Baumpflegedaten; sie ist für das erste Quartal 2027 geplant.",
            ),
        ),
    ),
    MeasureSpec(
        code="1.4",
        slug="open-data-portal-ueberfuehrung",
        title="Überführung des bisherigen Open-Data-Portals",
        unit="digitalisierung",
        summary="Die Datensätze des früheren Open-Data-Portals sind in die WISSENsAllmende "
        "umgezogen.",
        description="Alle Datensätze des bisherigen Open-Data-Portals wurden geprüft, mit "
        "Metadaten versehen und in die neue Plattform übernommen. Alte Adressen leiten auf "
        "die neuen Datensätze weiter, damit bestehende Anwendungen weiter funktionieren.",
        start=D(2023, 1, 1),
        end=D(2024, 6, 30),
        budget=(140_000, 131_800),
        milestones=(MilestoneSpec("Alle Datensätze migriert", D(2024, 3, 31), D(2024, 3, 20)),),
        updates=(
            Update(
                D(2023, 6, 30),
                IN_PROGRESS,
                30,
                "Der Bestand ist erfasst; veraltete "
                "Datensätze werden mit den Fachdiensten bereinigt.",
            ),
            Update(
                D(2023, 12, 31),
                IN_PROGRESS,
                80,
                "Vier Fünftel der Datensätze sind "
                "übernommen; die Weiterleitungen sind eingerichtet.",
            ),
            Update(
                D(2024, 3, 31),
                COMPLETED,
                100,
                "Alle Datensätze sind umgezogen; das alte Portal ist abgeschaltet.",
            ),
        ),
        related=("1.1",),
    ),
    MeasureSpec(
        code="1.5",
        slug="oepnv-und-veranstaltungsdaten",
        title="ÖPNV- und Veranstaltungsdaten auf der Datenplattform",
        unit="digitalisierung",
        summary="Fahrplan- und Echtzeitdaten des Nahverkehrs und der Veranstaltungskalender "
        "kommen auf die Plattform.",
        description="Fahrpläne und Echtzeitdaten des Jenaer Nahverkehrs werden als offene "
        "Daten bereitgestellt und mit Umweltdaten verknüpft. Der städtische "
        "Veranstaltungskalender folgt als zweiter Datenbestand. So entstehen Grundlagen für "
        "Apps Dritter und für die Verkehrsplanung.",
        partners="Jenaer Nahverkehr GmbH; JenaKultur",
        start=D(2025, 1, 1),
        end=D(2027, 6, 30),
        budget=(420_000, 136_200),
        milestones=(
            MilestoneSpec("Fahrplandaten (GTFS) eingebunden", D(2026, 6, 30), D(2026, 6, 18)),
            MilestoneSpec("Veranstaltungskalender angebunden", D(2027, 3, 31)),
        ),
        updates=(
            Update(
                D(2025, 3, 31),
                PREPARING,
                10,
                "Datenlieferung mit dem Jenaer Nahverkehr vereinbart.",
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                20,
                "Die Schnittstelle für Fahrplandaten ist in Entwicklung.",
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                35,
                "Die Fahrplandaten sind online; die "
                "Echtzeitdaten folgen nach dem Update des Betriebsleitsystems.",
            ),
        ),
    ),
    MeasureSpec(
        code="1.6",
        slug="luftqualitaetsdaten",
        title="Luftqualitätsdaten für alle",
        unit="digitalisierung",
        summary="Messwerte zur Luftqualität an Verkehrsachsen werden verständlich veröffentlicht.",
        description="Zusätzliche Messstationen erfassen Feinstaub und Stickstoffdioxid an "
        "den Hauptverkehrsachsen. Die Werte werden auf der Datenplattform mit Erläuterungen "
        "veröffentlicht. Die Teilmaßnahme beginnt 2026.",
        partners="Thüringer Landesamt für Umwelt, Bergbau und Naturschutz",
        start=D(2026, 1, 1),
        end=D(2027, 8, 31),
        budget=(330_000, 28_500),
        milestones=(
            MilestoneSpec("Messstandorte festgelegt", D(2026, 9, 30), D(2026, 9, 24)),
            MilestoneSpec("Erste Messwerte auf der Plattform", D(2027, 3, 31)),
        ),
        updates=(
            Update(
                D(2026, 3, 31),
                PLANNED,
                0,
                "Die Teilmaßnahme beginnt wie geplant 2026; "
                "die Abstimmung mit dem Landesamt läuft.",
            ),
            Update(
                D(2026, 10, 15),
                PREPARING,
                15,
                "Die Messstandorte sind festgelegt; die Stationen werden beschafft.",
            ),
        ),
    ),
    MeasureSpec(
        code="1.7",
        slug="haushaltsdaten-offen",
        title="Haushaltsdaten offen und verständlich",
        unit="digitalisierung",
        summary="Der städtische Haushalt als offene Daten und interaktive Darstellung.",
        description="Einnahmen und Ausgaben der Stadt werden als offene Daten bereitgestellt "
        "und interaktiv erklärt. Grundlage ist der Doppelhaushalt, der Anfang 2027 beraten "
        "wird.",
        partners="Fachdienst Finanzen",
        start=D(2027, 1, 1),
        end=D(2027, 8, 31),
        budget=(180_000, 0),
        updates=(
            Update(D(2025, 9, 30), PLANNED, 0, "Die Teilmaßnahme ist für 2027 eingeplant."),
            Update(
                D(2026, 9, 30),
                PLANNED,
                0,
                "Die Vorbereitung beginnt nach den Haushaltsberatungen Anfang 2027.",
            ),
        ),
    ),
    MeasureSpec(
        code="1.8",
        slug="datenschutz-it-sicherheit-plattform",
        title="Datenschutz- und IT-Sicherheitskonzept der Datenplattform",
        unit="digitalisierung",
        summary="Regeln und Prüfungen, damit offene Daten keine persönlichen Daten "
        "preisgeben und die Plattform sicher läuft.",
        description="Für jede Datenquelle wird geprüft, ob Personenbezug entstehen kann. "
        "Eine Datenschutz-Folgenabschätzung, regelmäßige Penetrationstests und ein "
        "Notfallkonzept sichern die Plattform. Die Ergebnisse sind öffentlich.",
        partners="Datenschutzbeauftragte der Stadt Jena",
        start=D(2023, 1, 1),
        end=D(2027, 8, 31),
        budget=(260_000, 188_700),
        milestones=(
            MilestoneSpec(
                "Datenschutz-Folgenabschätzung abgeschlossen", D(2024, 3, 31), D(2024, 3, 15)
            ),
            MilestoneSpec("Penetrationstest der Plattform", D(2025, 6, 30), D(2025, 7, 10)),
        ),
        updates=(
            Update(
                D(2023, 9, 30), IN_PROGRESS, 30, "Das Rollen- und Rechtekonzept ist beschlossen."
            ),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                55,
                "Die Datenschutz-Folgenabschätzung ist abgeschlossen und veröffentlicht.",
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                70,
                "Der erste Penetrationstest ergab keine "
                "kritischen Befunde; kleinere Punkte sind behoben.",
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                80,
                "Das Notfallkonzept ist geübt; der zweite Test ist für 2027 beauftragt.",
            ),
        ),
        illustrative=True,
    ),
    # 2 Smarte Infrastruktur und Sensorik (illustrative bundle) ---------------------------
    MeasureSpec(
        code="2.1",
        slug="lorawan-funknetz",
        title="LoRaWAN-Funknetz für Jena",
        unit="digitalisierung",
        summary="Ein stadtweites Funknetz für energiesparende Sensoren.",
        description="Gateways auf städtischen Gebäuden bilden ein LoRaWAN-Netz, über das "
        "Sensoren mit wenig Energie Messwerte senden. Das Netz steht auch Hochschulen, "
        "Schulen und Vereinen offen.",
        partners="Stadtwerke Jena Netze GmbH; Ernst-Abbe-Hochschule Jena",
        start=D(2022, 11, 1),
        end=D(2027, 3, 31),
        budget=(480_000, 401_600),
        indicators=(
            IndicatorSpec(
                "Gateways in Betrieb",
                "Gateways",
                (D(2022, 11, 1), 3),
                (D(2026, 12, 31), 30),
                (
                    (D(2023, 6, 30), 8),
                    (D(2023, 12, 31), 14),
                    (D(2024, 6, 30), 19),
                    (D(2024, 12, 31), 23),
                    (D(2025, 6, 30), 26),
                    (D(2026, 6, 30), 28),
                ),
            ),
        ),
        updates=(
            Update(
                D(2023, 3, 31),
                IN_PROGRESS,
                20,
                "Die ersten Gateways auf Schulen und dem Rathaus sind in Betrieb.",
            ),
            Update(D(2023, 9, 30), IN_PROGRESS, 40, "Das Netz deckt die Kernstadt ab."),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                65,
                "Lobeda, Winzerla und Jena-Nord sind angeschlossen.",
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                78,
                "26 Gateways sind in Betrieb; es fehlen noch Randlagen im Osten.",
            ),
            Update(
                D(2026, 9, 30), IN_PROGRESS, 85, "Die letzten Standorte sind vertraglich gesichert."
            ),
        ),
        related=("1.2",),
        illustrative=True,
    ),
    MeasureSpec(
        code="2.2",
        slug="sensorgestuetzte-stadtgruenpflege",
        title="Sensorgestützte Stadtgrünpflege",
        unit="kommunalservice",
        summary="Bodenfeuchtesensoren an Stadtbäumen zeigen, wo gegossen werden muss.",
        description="Sensoren messen die Bodenfeuchte an jungen Straßenbäumen. Der "
        "Kommunalservice plant die Gießtouren nach den Messwerten statt nach festen "
        "Intervallen und spart so Wasser und Fahrten. Die Zuordnung zum Handlungsfeld ist "
        "illustrativ.",
        partners="Fachdienst Digitalisierung / Smart City",
        start=D(2023, 4, 1),
        end=D(2026, 10, 31),
        budget=(520_000, 447_200),
        indicators=(
            IndicatorSpec(
                "Stadtbäume mit Bodenfeuchtesensor",
                "Bäume",
                (D(2023, 4, 1), 0),
                (D(2026, 10, 31), 300),
                (
                    (D(2023, 9, 30), 40),
                    (D(2024, 4, 30), 110),
                    (D(2024, 9, 30), 160),
                    (D(2025, 4, 30), 210),
                    (D(2025, 9, 30), 245),
                    (D(2026, 9, 30), 262),
                ),
            ),
        ),
        updates=(
            Update(
                D(2023, 9, 30),
                IN_PROGRESS,
                20,
                "Die ersten 40 Jungbäume sind mit Sensoren ausgestattet.",
            ),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                50,
                "160 Bäume melden ihre Bodenfeuchte; die "
                "Werte sind auf der Datenplattform sichtbar.",
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                70,
                "Die Gießtouren werden nach Messwerten "
                "geplant; erste Auswertung: rund ein Fünftel weniger Fahrten.",
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                85,
                "Wegen Lieferengpässen bei den Sensoren "
                "verschiebt sich der Abschluss voraussichtlich ins Frühjahr 2027.",
            ),
        ),
        related=("1.2",),
    ),
    MeasureSpec(
        code="2.3",
        slug="fuellstandssensoren-abfallbehaelter",
        title="Füllstandssensoren für öffentliche Abfallbehälter",
        unit="kommunalservice",
        summary="Ein Pilot mit Sensoren in öffentlichen Abfallbehältern.",
        description="Sensoren melden, wie voll öffentliche Abfallbehälter sind, damit sie "
        "bedarfsgerecht geleert werden. Der Pilot lief zwei Jahre in der Innenstadt und an "
        "Ausflugszielen.",
        start=D(2023, 6, 1),
        end=D(2025, 6, 30),
        budget=(150_000, 121_400),
        indicators=(
            IndicatorSpec(
                "Ausgestattete Abfallbehälter",
                "Behälter",
                (D(2023, 6, 1), 0),
                (D(2025, 6, 30), 100),
                ((D(2023, 12, 31), 25), (D(2024, 6, 30), 60), (D(2025, 3, 31), 80)),
            ),
        ),
        updates=(
            Update(
                D(2023, 9, 30),
                IN_PROGRESS,
                20,
                "Die ersten Behälter in der Innenstadt sind ausgestattet.",
            ),
            Update(
                D(2024, 3, 31),
                IN_PROGRESS,
                50,
                "Die Touren werden testweise nach Füllstand geplant.",
            ),
            Update(D(2024, 9, 30), IN_PROGRESS, 70, "80 Behälter sind ausgestattet."),
            Update(
                D(2025, 6, 30),
                COMPLETED,
                80,
                "Der Pilot ist beendet; die Erkenntnisse fließen in die Tourenplanung ein.",
                reason="Statt 100 wurden nur 80 Behälter ausgestattet: An stark "
                "frequentierten Orten haben sich die Sensoren nicht bewährt.",
            ),
        ),
        illustrative=True,
    ),
    MeasureSpec(
        code="2.4",
        slug="digitale-parkraumerfassung",
        title="Digitale Parkraumerfassung in der Innenstadt",
        unit="stadtentwicklung",
        summary="Sensoren zeigen freie Parkplätze an und liefern Daten für das Parkraumkonzept.",
        description="Bodensensoren auf einer Pilotstrecke erfassen, ob Stellplätze belegt "
        "sind. Die Daten sollen Parksuchverkehr verringern und das Parkraumkonzept der "
        "Innenstadt stützen. Die Umsetzung ruht, bis das Konzept beschlossen ist.",
        start=D(2024, 1, 1),
        end=D(2026, 6, 30),
        budget=(310_000, 72_900),
        milestones=(MilestoneSpec("Pilotstrecke Löbdergraben ausgestattet", D(2025, 6, 30)),),
        updates=(
            Update(D(2024, 3, 31), PREPARING, 10, "Die Pilotstrecke ist ausgewählt."),
            Update(D(2024, 9, 30), IN_PROGRESS, 25, "Die Sensoren sind beschafft."),
            Update(
                D(2025, 3, 31),
                IN_PROGRESS,
                30,
                "Der Einbau wartet auf die verkehrsrechtliche Anordnung.",
            ),
            Update(
                D(2025, 9, 30),
                PAUSED,
                30,
                "Die Umsetzung ruht, bis der Stadtrat das neue "
                "Parkraumkonzept der Innenstadt beschlossen hat.",
            ),
        ),
        illustrative=True,
    ),
    MeasureSpec(
        code="2.5",
        slug="stadtklima-messnetz",
        title="Stadtklima-Messnetz gegen Hitzeinseln",
        unit="stadtentwicklung",
        summary="Ein dichtes Netz kleiner Wetterstationen zeigt, wo es im Sommer zu heiß wird.",
        description="Kleine Wetterstationen in allen Ortsteilen messen Temperatur und "
        "Feuchte. Die Daten zeigen Hitzeinseln und fließen in die Klimaanpassung der "
        "Stadtplanung ein, etwa bei Entsiegelung und Baumpflanzungen.",
        partners="Friedrich-Schiller-Universität Jena (Institut für Geographie)",
        start=D(2024, 4, 1),
        end=D(2027, 8, 31),
        budget=(360_000, 141_000),
        indicators=(
            IndicatorSpec(
                "Messstationen Stadtklima",
                "Stationen",
                (D(2024, 4, 1), 0),
                (D(2027, 8, 31), 40),
                (
                    (D(2025, 3, 31), 6),
                    (D(2025, 9, 30), 15),
                    (D(2026, 3, 31), 22),
                    (D(2026, 9, 30), 27),
                ),
            ),
        ),
        updates=(
            Update(D(2024, 9, 30), PREPARING, 10, "Messkonzept mit der Universität abgestimmt."),
            Update(D(2025, 3, 31), IN_PROGRESS, 25, "Die ersten sechs Stationen messen."),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                35,
                "Erste Hitzekarte für den Sommer 2025 veröffentlicht.",
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                45,
                "27 Stationen in Betrieb; die Daten fließen in den Klimaanpassungsplan ein.",
            ),
        ),
        illustrative=True,
    ),
    # 3 Smartes Quartier Jena-Lobeda -------------------------------------------------------
    MeasureSpec(
        code="3.1",
        slug="telemedizin-smartes-quartier",
        title="Telemedizin im Smarten Quartier",
        unit="soziales",
        summary="Ein Telemedizinraum in Lobeda verbindet Bewohner:innen per Video mit Ärzt:innen.",
        description="Im Telemedizinraum in Lobeda können Bewohner:innen mit Unterstützung "
        "geschulter Kräfte Sprechstunden per Video wahrnehmen und Vitalwerte messen lassen. "
        "Das entlastet besonders ältere Menschen, denen der Weg in die Praxis schwerfällt.",
        partners="Universitätsklinikum Jena; jenawohnen GmbH",
        funding=FUNDING_MSC_PARTNER,
        start=D(2023, 1, 1),
        end=D(2027, 6, 30),
        budget=(720_000, 468_300),
        location=LOBEDA,
        milestones=(
            MilestoneSpec("Telemedizinraum eröffnet", D(2024, 9, 30), D(2024, 10, 8)),
            MilestoneSpec("Auswertung des Pilotbetriebs", D(2026, 6, 30), D(2026, 7, 14)),
        ),
        indicators=(
            IndicatorSpec(
                "Telemedizinische Sprechstunden (kumuliert)",
                "Sprechstunden",
                (D(2024, 10, 1), 0),
                (D(2027, 6, 30), 1500),
                (
                    (D(2024, 12, 31), 42),
                    (D(2025, 3, 31), 130),
                    (D(2025, 6, 30), 240),
                    (D(2025, 9, 30), 360),
                    (D(2025, 12, 31), 480),
                    (D(2026, 3, 31), 610),
                    (D(2026, 6, 30), 730),
                    (D(2026, 9, 30), 850),
                ),
            ),
        ),
        updates=(
            Update(
                D(2023, 9, 30),
                PREPARING,
                15,
                "Raumkonzept und Betreibermodell sind mit "
                "jenawohnen und dem Universitätsklinikum abgestimmt.",
            ),
            Update(D(2024, 3, 31), IN_PROGRESS, 30, "Der Umbau des Raums hat begonnen."),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                45,
                "Die Technik ist installiert; die Eröffnung folgt Anfang Oktober.",
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                55,
                "360 Sprechstunden seit der Eröffnung; weitere Praxen schließen sich an.",
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                65,
                "Die Auswertung des Pilotbetriebs ist "
                "veröffentlicht; die Sprechzeiten werden erweitert.",
            ),
        ),
        related=("3.2", "8.3"),
    ),
    MeasureSpec(
        code="3.2",
        slug="gesundheitsapartments",
        title="Gesundheitsapartments",
        unit="soziales",
        summary="Apartments mit Assistenztechnik für die Zeit nach einem Klinikaufenthalt.",
        description="In Lobeda entstehen Apartments, in denen Menschen nach einem "
        "Krankenhausaufenthalt mit digitaler Assistenz und telemedizinischer Betreuung "
        "wieder selbstständig werden. Sie liegen nahe dem Telemedizinraum und dem "
        "Universitätsklinikum.",
        partners="jenawohnen GmbH; Universitätsklinikum Jena",
        funding=FUNDING_MSC_PARTNER,
        start=D(2023, 4, 1),
        end=D(2026, 6, 30),
        budget=(980_000, 802_500),
        location=LOBEDA_APARTMENTS,
        milestones=(
            MilestoneSpec("Umbau der Apartments abgeschlossen", D(2025, 12, 31), D(2026, 2, 20)),
            MilestoneSpec("Erste Bewohner:innen ziehen ein", D(2026, 6, 30)),
        ),
        updates=(
            Update(
                D(2023, 9, 30),
                PREPARING,
                10,
                "Die Wohnungen sind ausgewählt; die Planung der Technik läuft.",
            ),
            Update(D(2024, 9, 30), IN_PROGRESS, 30, "Der Umbau hat begonnen."),
            Update(D(2025, 9, 30), IN_PROGRESS, 55, "Der Umbau verzögert sich um zwei Monate."),
            Update(
                D(2026, 3, 31),
                IN_PROGRESS,
                65,
                "Der Umbau ist abgeschlossen; die Assistenztechnik wird installiert.",
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                70,
                "Wegen Lieferschwierigkeiten bei der "
                "Assistenztechnik verschiebt sich der Bezug auf Anfang 2027.",
            ),
        ),
        related=("3.1",),
    ),
    MeasureSpec(
        code="3.3",
        slug="buergerportal-pflegeplatzangebote",
        title="Bürgerportal für Pflegeplatzangebote",
        unit="soziales",
        summary="Freie Pflegeplätze in Jena tagesaktuell an einem Ort finden.",
        description="Pflegeeinrichtungen melden ihre freien Plätze in ein gemeinsames "
        "Portal; Angehörige und Sozialdienste finden sie dort tagesaktuell. Das spart "
        "Telefonate und beschleunigt die Entlassung aus dem Krankenhaus.",
        partners="Pflegestützpunkt Jena; Jenaer Pflegeeinrichtungen",
        start=D(2024, 1, 1),
        end=D(2027, 3, 31),
        budget=(340_000, 251_600),
        milestones=(
            MilestoneSpec("Pilot mit fünf Pflegeeinrichtungen", D(2025, 9, 30), D(2025, 9, 15)),
            MilestoneSpec("Portal für alle Einrichtungen freigeschaltet", D(2026, 7, 31)),
        ),
        indicators=(
            IndicatorSpec(
                "Einrichtungen mit tagesaktuellen Angeboten",
                "Einrichtungen",
                (D(2024, 1, 1), 0),
                (D(2027, 3, 31), 45),
                ((D(2025, 9, 30), 5), (D(2026, 3, 31), 12), (D(2026, 9, 30), 17)),
            ),
        ),
        updates=(
            Update(
                D(2024, 3, 31),
                PREPARING,
                10,
                "Anforderungen mit Einrichtungen und Pflegestützpunkt erhoben.",
            ),
            Update(D(2024, 9, 30), IN_PROGRESS, 35, "Das Portal ist in Entwicklung."),
            Update(
                D(2025, 9, 30), IN_PROGRESS, 65, "Der Pilot mit fünf Einrichtungen ist gestartet."
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                80,
                "Die Freischaltung für alle Einrichtungen "
                "verschiebt sich, weil die Schnittstelle zu den Heimsoftwares noch nicht "
                "abgenommen ist.",
            ),
        ),
    ),
    MeasureSpec(
        code="3.4",
        slug="quartiers-app-lobeda",
        title="Quartiers-App Lobeda",
        unit="digitalisierung",
        summary="Nachbarschaftshilfe, Termine und Angebote im Stadtteil in einer App.",
        description="Eine App für Lobeda bündelt Angebote von Stadtteilbüro, Vereinen und "
        "Vermieter, vermittelt Nachbarschaftshilfe und informiert über Termine. Sie wird mit "
        "Bewohner:innen entwickelt und auch als Webseite angeboten.",
        partners="jenawohnen GmbH; Stadtteilbüro Lobeda",
        start=D(2024, 7, 1),
        end=D(2027, 6, 30),
        budget=(300_000, 98_700),
        updates=(
            Update(D(2024, 9, 30), PREPARING, 10, "Werkstattgespräche mit Bewohner:innen."),
            Update(D(2025, 3, 31), IN_PROGRESS, 20, "Prototyp im Test mit 50 Haushalten."),
            Update(D(2025, 9, 30), IN_PROGRESS, 30, "Die Nachbarschaftshilfe ist freigeschaltet."),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                40,
                "Terminkalender und Vereinsangebote sind eingebunden.",
            ),
        ),
        illustrative=True,
    ),
    MeasureSpec(
        code="3.5",
        slug="musterwohnung-assistenzsysteme",
        title="Musterwohnung für smarte Assistenzsysteme",
        unit="kommunale-immobilien",
        summary="Assistenztechnik zum Ausprobieren, bevor man sie zu Hause einbaut.",
        description="In einer Musterwohnung in Lobeda können Bürger:innen Sturzsensoren, "
        "Herdabschaltung und Lichtsteuerung ausprobieren und sich beraten lassen. Die "
        "Beratung ist kostenfrei und neutral.",
        partners="jenawohnen GmbH; Seniorenbeirat der Stadt Jena",
        start=D(2023, 9, 1),
        end=D(2027, 3, 31),
        budget=(260_000, 171_300),
        location=LOBEDA_MUSTERWOHNUNG,
        indicators=(
            IndicatorSpec(
                "Besucher:innen der Musterwohnung (kumuliert)",
                "Personen",
                (D(2024, 10, 1), 0),
                (D(2027, 3, 31), 1200),
                (
                    (D(2025, 3, 31), 120),
                    (D(2025, 9, 30), 310),
                    (D(2026, 3, 31), 470),
                    (D(2026, 9, 30), 640),
                ),
            ),
        ),
        updates=(
            Update(D(2024, 3, 31), PREPARING, 15, "Die Wohnung ist angemietet."),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                35,
                "Die Ausstattung ist eingebaut; Eröffnung im Oktober.",
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                50,
                "310 Besucher:innen; die Beratung wird gut angenommen.",
            ),
            Update(
                D(2026, 10, 15),
                IN_PROGRESS,
                60,
                "Zusätzliche Termine in leichter Sprache und mit Gebärdensprachdolmetschung.",
            ),
        ),
        related=("3.2",),
        illustrative=True,
    ),
    # 4 Partizipative Stadtentwicklung ------------------------------------------------------
    MeasureSpec(
        code="4.1",
        slug="3d-tool-planungsvorhaben",
        title="3D-Tool für städtische Planungs- und Entwicklungsvorhaben",
        unit="stadtentwicklung",
        summary="Ein 3D-Stadtmodell macht geplante Bauvorhaben vorab sichtbar.",
        description="Ein 3D-Modell des Stadtgebiets zeigt Planungen im Zusammenhang mit dem "
        "Bestand – für die Verwaltung, den Stadtrat und in Beteiligungsverfahren. Eine "
        "Web-Version soll es allen Bürger:innen zugänglich machen.",
        start=D(2023, 3, 1),
        end=D(2027, 6, 30),
        budget=(640_000, 396_100),
        milestones=(
            MilestoneSpec(
                "3D-Stadtmodell (LoD2) für das gesamte Stadtgebiet",
                D(2024, 12, 31),
                D(2024, 11, 29),
            ),
            MilestoneSpec("Öffentliche Web-Version des 3D-Stadtmodells", D(2026, 9, 30)),
        ),
        updates=(
            Update(D(2023, 9, 30), PREPARING, 10, "Die Datengrundlagen sind beschafft."),
            Update(D(2024, 3, 31), IN_PROGRESS, 25, "Das Gebäudemodell der Kernstadt steht."),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                40,
                "Erste Planungsvorhaben werden im Bauausschuss in 3D gezeigt.",
            ),
            Update(D(2025, 9, 30), IN_PROGRESS, 55, "Das Modell deckt das ganze Stadtgebiet ab."),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                60,
                "Die Web-Version verzögert sich, weil die "
                "Datenschutzprüfung der Gebäudetexturen noch läuft.",
            ),
        ),
        related=("4.2",),
    ),
    MeasureSpec(
        code="4.2",
        slug="digitales-beteiligungsformat",
        title="Digitales Bürger:innenbeteiligungsformat",
        unit="stadtentwicklung",
        summary="Neue digitale Formate, mit denen Bürger:innen Planungen kommentieren und "
        "mitgestalten.",
        description="Beteiligungsverfahren der Stadt werden um digitale Formate ergänzt: "
        "Kommentare an Plänen, Online-Dialoge und Umfragen. Die Formate ergänzen "
        "Präsenzveranstaltungen und sind barrierearm.",
        partners="Zentrale Koordinierungsstelle Bürgerbeteiligung; Beirat für Bürgerbeteiligung",
        start=D(2023, 1, 1),
        end=D(2027, 8, 31),
        budget=(420_000, 289_400),
        indicators=(
            IndicatorSpec(
                "Digitale Beteiligungsverfahren (kumuliert)",
                "Verfahren",
                (D(2023, 1, 1), 0),
                (D(2027, 8, 31), 30),
                (
                    (D(2023, 12, 31), 3),
                    (D(2024, 6, 30), 7),
                    (D(2024, 12, 31), 11),
                    (D(2025, 6, 30), 15),
                    (D(2025, 12, 31), 19),
                    (D(2026, 6, 30), 22),
                ),
            ),
        ),
        updates=(
            Update(
                D(2023, 6, 30),
                PREPARING,
                15,
                "Formate mit dem Beirat für Bürgerbeteiligung entwickelt.",
            ),
            Update(D(2023, 12, 31), IN_PROGRESS, 30, "Drei Verfahren laufen digital."),
            Update(
                D(2024, 12, 31),
                IN_PROGRESS,
                50,
                "Elf Verfahren; Auswertung der Beteiligung nach Ortsteilen.",
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                60,
                "Die Formate sind in den Leitfaden für Bürgerbeteiligung aufgenommen.",
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                70,
                "22 Verfahren; die Online-Dialoge werden auch in leichter Sprache angeboten.",
            ),
        ),
        related=("4.1", "4.3"),
    ),
    MeasureSpec(
        code="4.3",
        slug="mitmachen-plattform-weiterentwicklung",
        title="Weiterentwicklung von mitmachen.jena.de",
        unit="stadtentwicklung",
        summary="Die Beteiligungsplattform der Stadt wird barrierefreier und einfacher.",
        description="Die Plattform mitmachen.jena.de (CONSUL Democracy) wird um Kartenbeiträge "
        "und eine einfachere Anmeldung ergänzt und auf Barrierefreiheit geprüft. "
        "Entwicklungen fließen an die CONSUL-Gemeinschaft zurück.",
        start=D(2024, 1, 1),
        end=D(2027, 6, 30),
        budget=(250_000, 118_400),
        updates=(
            Update(D(2024, 3, 31), PREPARING, 10, "Prüfung der Barrierefreiheit beauftragt."),
            Update(D(2024, 9, 30), IN_PROGRESS, 20, "Die Befunde der Prüfung werden behoben."),
            Update(D(2025, 9, 30), IN_PROGRESS, 40, "Kartenbeiträge sind freigeschaltet."),
            Update(D(2026, 10, 15), IN_PROGRESS, 50, "Die vereinfachte Anmeldung ist im Test."),
        ),
        illustrative=True,
    ),
    MeasureSpec(
        code="4.4",
        slug="buergerbudget-online-abstimmung",
        title="Barrierefreie Online-Abstimmung zum Bürgerbudget",
        unit="stadtentwicklung",
        summary="Abstimmen über das Bürgerbudget – online, barrierefrei und sicher.",
        description="Die Abstimmung über Vorschläge zum Bürgerbudget ist online möglich, "
        "barrierefrei und mit einer sicheren Prüfung der Stimmberechtigung. Präsenz- und "
        "Briefabstimmung bleiben bestehen.",
        start=D(2023, 9, 1),
        end=D(2025, 6, 30),
        budget=(110_000, 104_900),
        indicators=(
            IndicatorSpec(
                "Abstimmende beim Bürgerbudget",
                "Personen",
                (D(2023, 1, 1), 1800),
                (D(2025, 12, 31), 3000),
                ((D(2023, 11, 30), 1950), (D(2024, 11, 30), 2620), (D(2025, 11, 30), 3140)),
            ),
        ),
        updates=(
            Update(
                D(2023, 12, 31),
                PREPARING,
                10,
                "Verfahren zur Prüfung der Stimmberechtigung abgestimmt.",
            ),
            Update(
                D(2024, 6, 30), IN_PROGRESS, 50, "Die Online-Abstimmung ist entwickelt und geprüft."
            ),
            Update(
                D(2024, 12, 31), IN_PROGRESS, 85, "Erste Abstimmung online: 2.620 Teilnehmende."
            ),
            Update(D(2025, 6, 30), COMPLETED, 100, "Die Online-Abstimmung ist im Regelbetrieb."),
        ),
        illustrative=True,
    ),
    MeasureSpec(
        code="4.5",
        slug="ortsteilraete-digital",
        title="Digitale Informationen der Ortsteilräte",
        unit="stadtentwicklung",
        summary="Sitzungen, Beschlüsse und Budgets der Ortsteilräte an einem Ort.",
        description="Die Ortsteilräte veröffentlichen Termine, Tagesordnungen, Beschlüsse "
        "und ihre Budgets auf einer gemeinsamen Seite je Ortsteil. Bürger:innen können "
        "Anliegen digital einreichen.",
        start=D(2024, 6, 1),
        end=D(2027, 6, 30),
        budget=(120_000, 38_600),
        updates=(
            Update(
                D(2024, 9, 30), PREPARING, 10, "Abstimmung mit den Ortsteilbürgermeister:innen."
            ),
            Update(D(2025, 3, 31), IN_PROGRESS, 20, "Zehn Ortsteile sind online."),
            Update(D(2026, 3, 31), IN_PROGRESS, 30, "Die Anliegen-Funktion ist in Vorbereitung."),
        ),
        illustrative=True,
    ),
    # 5 Lernräume der Zukunft ---------------------------------------------------------------
    MeasureSpec(
        code="5.1",
        slug="probierladen-volkshochschule",
        title="Probierladen der Volkshochschule",
        unit="volkshochschule",
        summary="Digitale Technik ausprobieren, mit Beratung und ohne Kaufdruck.",
        description="Im Probierladen der Volkshochschule können alle digitale Geräte und "
        "Anwendungen ausprobieren – vom Smartphone bis zur VR-Brille – und sich beraten "
        "lassen. Kurse und offene Sprechstunden ergänzen das Angebot.",
        start=D(2022, 10, 1),
        end=D(2027, 8, 31),
        budget=(460_000, 357_800),
        location=VHS_GRIETGASSE,
        milestones=(MilestoneSpec("Eröffnung des Probierladens", D(2023, 3, 31), D(2023, 3, 2)),),
        indicators=(
            IndicatorSpec(
                "Besuche im Probierladen (kumuliert)",
                "Besuche",
                (D(2023, 3, 1), 0),
                (D(2027, 8, 31), 8000),
                (
                    (D(2023, 6, 30), 420),
                    (D(2023, 12, 31), 1180),
                    (D(2024, 6, 30), 2050),
                    (D(2024, 12, 31), 2900),
                    (D(2025, 6, 30), 3760),
                    (D(2025, 12, 31), 4580),
                    (D(2026, 6, 30), 5400),
                    (D(2026, 10, 31), 5920),
                ),
            ),
        ),
        updates=(
            Update(D(2023, 3, 31), IN_PROGRESS, 30, "Der Probierladen hat im März eröffnet."),
            Update(
                D(2023, 9, 30), IN_PROGRESS, 45, "Offene Sprechstunden an drei Tagen pro Woche."
            ),
            Update(
                D(2024, 9, 30), IN_PROGRESS, 65, "Über 2.000 Besuche; neue Kurse zu KI im Alltag."
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                78,
                "Das Angebot wird um Sprechstunden in mehreren Sprachen erweitert.",
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                85,
                "Die Verstetigung nach 2027 ist im Haushaltsentwurf vorgesehen.",
            ),
        ),
        related=("5.2",),
    ),
    MeasureSpec(
        code="5.2",
        slug="probiermobil",
        title="ProbierMobil",
        unit="volkshochschule",
        summary="Der Probierladen auf Rädern kommt in die Ortsteile.",
        description="Ein ausgestattetes Fahrzeug bringt das Angebot des Probierladens in "
        "Ortsteile, Schulen und Seniorentreffs. Es ist besonders für Menschen gedacht, die "
        "nicht in die Innenstadt kommen.",
        start=D(2023, 6, 1),
        end=D(2027, 8, 31),
        budget=(330_000, 218_100),
        milestones=(
            MilestoneSpec("Fahrzeug ausgestattet und zugelassen", D(2024, 3, 31), D(2024, 4, 22)),
        ),
        indicators=(
            IndicatorSpec(
                "Einsätze des ProbierMobils",
                "Einsätze",
                (D(2024, 5, 1), 0),
                (D(2027, 8, 31), 120),
                (
                    (D(2024, 6, 30), 12),
                    (D(2024, 12, 31), 28),
                    (D(2025, 6, 30), 47),
                    (D(2025, 12, 31), 63),
                    (D(2026, 6, 30), 80),
                ),
            ),
        ),
        updates=(
            Update(D(2023, 9, 30), PREPARING, 10, "Das Fahrzeug ist bestellt."),
            Update(
                D(2024, 3, 31),
                PREPARING,
                25,
                "Der Ausbau des Fahrzeugs verzögert sich um einige Wochen.",
            ),
            Update(D(2024, 9, 30), IN_PROGRESS, 40, "Das ProbierMobil ist seit Mai unterwegs."),
            Update(D(2025, 9, 30), IN_PROGRESS, 52, "Feste Touren in zwölf Ortsteilen."),
            Update(D(2026, 9, 30), IN_PROGRESS, 60, "80 Einsätze bis Mitte 2026."),
        ),
        related=("5.1",),
    ),
    MeasureSpec(
        code="5.3",
        slug="smarte-ernst-abbe-buecherei",
        title="Smarte Ernst-Abbe-Bücherei",
        unit="ernst-abbe-buecherei",
        summary="Die Stadtbibliothek wird digitaler Lernort mit Selbstverbuchung und "
        "digitalen Angeboten.",
        description="Die Ernst-Abbe-Bücherei führt RFID-Selbstverbuchung ein, baut digitale "
        "Medienangebote aus und richtet Lernplätze mit Technik ein. Sie wird so zum offenen "
        "Lernort für alle.",
        start=D(2023, 1, 1),
        end=D(2027, 6, 30),
        budget=(560_000, 322_400),
        location=ERNST_ABBE_BUECHEREI,
        milestones=(
            MilestoneSpec("RFID-Selbstverbuchung in Betrieb", D(2025, 3, 31), D(2025, 3, 18)),
        ),
        updates=(
            Update(D(2023, 9, 30), PREPARING, 15, "Die RFID-Technik ist ausgeschrieben."),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                30,
                "Der Medienbestand wird mit RFID-Etiketten ausgestattet.",
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                45,
                "Die Selbstverbuchung ist in Betrieb; die Lernplätze werden geplant.",
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                55,
                "Zwölf neue Lernplätze mit Technik sind eingerichtet.",
            ),
        ),
        related=("5.5", "5.6"),
    ),
    MeasureSpec(
        code="5.4",
        slug="smarte-kitas",
        title="Smarte Kitas – digitale Kompetenzen in der frühkindlichen Bildung",
        unit="kindertagesstaetten",
        summary="Digitale Grundausstattung und Fortbildung für Jenaer Kitas.",
        description="Kitas erhalten eine digitale Grundausstattung für altersgerechte "
        "Medienbildung; die pädagogischen Fachkräfte werden fortgebildet. Eltern werden in "
        "Elternabenden einbezogen.",
        start=D(2023, 4, 1),
        end=D(2027, 8, 31),
        budget=(480_000, 214_600),
        milestones=(
            MilestoneSpec(
                "Fortbildungskonzept für pädagogische Fachkräfte", D(2024, 6, 30), D(2024, 6, 20)
            ),
            MilestoneSpec("Digitale Grundausstattung in 20 Kitas", D(2026, 8, 31)),
        ),
        indicators=(
            IndicatorSpec(
                "Kitas mit digitaler Grundausstattung",
                "Kitas",
                (D(2023, 4, 1), 0),
                (D(2027, 8, 31), 40),
                (
                    (D(2024, 6, 30), 3),
                    (D(2024, 12, 31), 7),
                    (D(2025, 6, 30), 11),
                    (D(2025, 12, 31), 14),
                    (D(2026, 6, 30), 16),
                    (D(2026, 10, 31), 17),
                ),
            ),
        ),
        updates=(
            Update(
                D(2023, 9, 30),
                PREPARING,
                10,
                "Medienpädagogisches Konzept mit Kita-Leitungen erarbeitet.",
            ),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                25,
                "Die ersten Kitas sind ausgestattet; die Fortbildungen laufen.",
            ),
            Update(D(2025, 9, 30), IN_PROGRESS, 38, "Elf Kitas sind ausgestattet."),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                45,
                "Wegen Personalmangels in den Kitas "
                "verzögert sich die Ausstattung; 17 statt 20 Kitas bis Ende Oktober.",
            ),
        ),
    ),
    MeasureSpec(
        code="5.5",
        slug="open-library-buecherei",
        title="Open Library in der Ernst-Abbe-Bücherei",
        unit="ernst-abbe-buecherei",
        summary="Die Bibliothek ist auch außerhalb der Servicezeiten zugänglich.",
        description="Mit Zugangskontrolle, Selbstverbuchung und Videoüberwachung am Eingang "
        "ist die Bücherei auch morgens, abends und samstags geöffnet, ohne dass Personal vor "
        "Ort sein muss.",
        start=D(2023, 4, 1),
        end=D(2025, 3, 31),
        budget=(240_000, 236_100),
        location=ERNST_ABBE_BUECHEREI,
        indicators=(
            IndicatorSpec(
                "Zusätzliche Öffnungsstunden pro Woche",
                "Stunden",
                (D(2023, 4, 1), 0),
                (D(2025, 3, 31), 20),
                ((D(2024, 10, 31), 12), (D(2025, 3, 31), 20), (D(2025, 9, 30), 20)),
            ),
        ),
        updates=(
            Update(D(2023, 9, 30), PREPARING, 20, "Zugangskonzept und Hausordnung abgestimmt."),
            Update(D(2024, 3, 31), IN_PROGRESS, 50, "Die Zugangstechnik wird eingebaut."),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                85,
                "Testbetrieb mit zwölf zusätzlichen Stunden pro Woche.",
            ),
            Update(
                D(2025, 3, 31),
                COMPLETED,
                100,
                "Die Open Library ist im Regelbetrieb: 20 Stunden mehr pro Woche.",
            ),
        ),
        related=("5.3",),
        illustrative=True,
    ),
    MeasureSpec(
        code="5.6",
        slug="makerspace-buecherei",
        title="Makerspace in der Bücherei",
        unit="ernst-abbe-buecherei",
        summary="3D-Drucker, Lasercutter und Elektronik zum Ausprobieren und Lernen.",
        description="Ein Makerspace in der Bücherei bietet Werkzeuge der digitalen Fertigung "
        "mit Einführungskursen. Schulen und Jugendgruppen können ihn buchen.",
        start=D(2024, 1, 1),
        end=D(2027, 6, 30),
        budget=(180_000, 84_200),
        milestones=(
            MilestoneSpec(
                "3D-Drucker und Lasercutter eingerichtet", D(2025, 6, 30), D(2025, 5, 20)
            ),
        ),
        updates=(
            Update(D(2024, 3, 31), PREPARING, 10, "Raum und Ausstattung geplant."),
            Update(D(2024, 9, 30), IN_PROGRESS, 20, "Brandschutz und Lüftung werden nachgerüstet."),
            Update(D(2025, 9, 30), IN_PROGRESS, 30, "Der Makerspace ist eröffnet."),
            Update(D(2026, 9, 30), IN_PROGRESS, 40, "Feste Kurse für Schulklassen."),
        ),
        related=("5.3",),
        illustrative=True,
    ),
    MeasureSpec(
        code="5.7",
        slug="blended-learning-vhs",
        title="Blended-Learning-Angebote der VHS",
        unit="volkshochschule",
        summary="Kurse, die Präsenz und Online-Lernen verbinden.",
        description="Die Volkshochschule entwickelt Kurse, die Präsenztermine mit "
        "Online-Lernphasen verbinden, und schult ihre Kursleitungen dafür. Eine Lernplattform "
        "wird gemeinsam mit anderen Thüringer Volkshochschulen genutzt.",
        partners="Thüringer Volkshochschulverband",
        start=D(2024, 1, 1),
        end=D(2027, 6, 30),
        budget=(160_000, 61_300),
        updates=(
            Update(D(2024, 6, 30), PREPARING, 10, "Die Lernplattform ist ausgewählt."),
            Update(D(2025, 2, 28), IN_PROGRESS, 25, "Erste Kurse laufen im Blended-Format."),
            Update(D(2026, 2, 28), IN_PROGRESS, 35, "20 Kursleitungen sind geschult."),
        ),
        illustrative=True,
    ),
    # 6 Digitale Teilhabe für alle Generationen (illustrative bundle) --------------------
    MeasureSpec(
        code="6.1",
        slug="code-week-jena-thueringen",
        title="Code Week Jena/Thüringen",
        unit="digitalisierung",
        summary="Jedes Jahr im Herbst: Programmieren und Tüfteln für Kinder und Jugendliche.",
        description="Während der europäischen Code Week bieten Schulen, Hochschulen, "
        "Bibliothek und Unternehmen in Jena und Thüringen Workshops zum Programmieren an. "
        "Die Stadt koordiniert das Programm und wirbt Partner.",
        partners="Ernst-Abbe-Hochschule Jena; Friedrich-Schiller-Universität Jena; Jenaer "
        "Schulen; JEDI",
        start=D(2023, 1, 1),
        end=D(2027, 8, 31),
        budget=(150_000, 101_400),
        indicators=(
            IndicatorSpec(
                "Teilnehmende der Code Week (kumuliert)",
                "Personen",
                (D(2023, 1, 1), 0),
                (D(2026, 12, 31), 3000),
                (
                    (D(2023, 10, 31), 650),
                    (D(2024, 10, 31), 1240),
                    (D(2025, 10, 31), 1810),
                    (D(2026, 10, 31), 2150),
                ),
            ),
        ),
        updates=(
            Update(
                D(2023, 10, 31),
                IN_PROGRESS,
                20,
                "Die erste Code Week mit städtischer "
                "Koordination erreichte rund 650 Kinder und Jugendliche.",
            ),
            Update(
                D(2024, 10, 31), IN_PROGRESS, 45, "Mehr als 40 Workshops, erstmals auch im JEDI."
            ),
            Update(
                D(2025, 10, 31), IN_PROGRESS, 60, "Thüringenweite Koordination mit Partnerstädten."
            ),
            Update(D(2026, 10, 31), IN_PROGRESS, 70, "Die Code Week 2026 ist ausgewertet."),
        ),
    ),
    MeasureSpec(
        code="6.2",
        slug="digitalagent",
        title="Digitalagent:innen",
        unit="volkshochschule",
        summary="Ehrenamtliche helfen Menschen im Umgang mit Smartphone und Internet.",
        description="Ehrenamtliche Digitalagent:innen werden geschult und helfen in "
        "Stadtteilzentren, Bibliothek und Seniorentreffs bei Fragen rund um Smartphone, "
        "Online-Dienste und Sicherheit. Die Ausgestaltung hier ist illustrativ.",
        partners="Seniorenbeirat der Stadt Jena; Stadtteilzentren",
        start=D(2023, 9, 1),
        end=D(2027, 8, 31),
        budget=(140_000, 68_900),
        indicators=(
            IndicatorSpec(
                "Aktive Digitalagent:innen",
                "Personen",
                (D(2023, 9, 1), 0),
                (D(2027, 8, 31), 60),
                (
                    (D(2024, 3, 31), 8),
                    (D(2024, 9, 30), 19),
                    (D(2025, 3, 31), 27),
                    (D(2025, 9, 30), 33),
                    (D(2026, 3, 31), 36),
                ),
            ),
        ),
        updates=(
            Update(
                D(2023, 12, 31),
                PREPARING,
                10,
                "Schulungskonzept steht; Ehrenamtliche werden gewonnen.",
            ),
            Update(
                D(2024, 9, 30), IN_PROGRESS, 30, "19 Digitalagent:innen bieten Sprechstunden an."
            ),
            Update(D(2025, 9, 30), IN_PROGRESS, 40, "Sprechstunden in acht Ortsteilen."),
            Update(
                D(2026, 3, 31), IN_PROGRESS, 45, "Neue Schulungsrunde für das Frühjahr geplant."
            ),
        ),
        related=("6.3",),
    ),
    MeasureSpec(
        code="6.3",
        slug="digitale-sprechstunden-seniorinnen",
        title="Digitale Sprechstunden für Senior:innen",
        unit="volkshochschule",
        summary="Regelmäßige, kostenfreie Hilfe bei digitalen Fragen in den Stadtteilen.",
        description="In Stadtteilzentren gibt es feste Sprechstunden für ältere Menschen: "
        "Geräte einrichten, Online-Termine buchen, Betrug erkennen. Die Sprechstunden werden "
        "von Fachkräften und Digitalagent:innen gemeinsam angeboten.",
        partners="Seniorenbeirat der Stadt Jena",
        start=D(2024, 1, 1),
        end=D(2027, 8, 31),
        budget=(80_000, 41_700),
        updates=(
            Update(D(2024, 3, 31), IN_PROGRESS, 15, "Sprechstunden in drei Stadtteilzentren."),
            Update(D(2024, 9, 30), IN_PROGRESS, 25, "Erweiterung auf sechs Standorte."),
            Update(D(2025, 9, 30), IN_PROGRESS, 40, "Rund 900 Beratungen im ersten Jahr."),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                50,
                "Zusätzliche Sprechstunde in der Ernst-Abbe-Bücherei.",
            ),
        ),
        related=("6.2",),
        illustrative=True,
    ),
    MeasureSpec(
        code="6.4",
        slug="wlan-stadtteilzentren",
        title="Öffentliches WLAN in Stadtteilzentren",
        unit="kommunale-immobilien",
        summary="Kostenfreies WLAN in Stadtteilzentren und öffentlichen Gebäuden.",
        description="Stadtteilzentren, Bürgerhäuser und Bibliotheksfilialen erhalten "
        "kostenfreies, datenschutzfreundliches WLAN. So können alle Angebote wie "
        "Sprechstunden und Kurse auch online genutzt werden.",
        start=D(2023, 4, 1),
        end=D(2027, 3, 31),
        budget=(210_000, 151_200),
        indicators=(
            IndicatorSpec(
                "Standorte mit öffentlichem WLAN",
                "Standorte",
                (D(2023, 4, 1), 4),
                (D(2027, 3, 31), 25),
                (
                    (D(2023, 12, 31), 7),
                    (D(2024, 6, 30), 11),
                    (D(2024, 12, 31), 14),
                    (D(2025, 6, 30), 17),
                    (D(2026, 6, 30), 20),
                ),
            ),
        ),
        updates=(
            Update(D(2023, 9, 30), IN_PROGRESS, 20, "Drei weitere Standorte angeschlossen."),
            Update(D(2024, 9, 30), IN_PROGRESS, 45, "Elf Standorte haben öffentliches WLAN."),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                65,
                "17 Standorte; die Anmeldung kommt ohne persönliche Daten aus.",
            ),
            Update(
                D(2026, 9, 30), IN_PROGRESS, 75, "20 Standorte; die übrigen folgen mit Sanierungen."
            ),
        ),
        illustrative=True,
    ),
    MeasureSpec(
        code="6.5",
        slug="leihgeraete-pool",
        title="Leihgeräte-Pool für digitale Teilhabe",
        unit="ernst-abbe-buecherei",
        summary="Tablets und Laptops zum Ausleihen in der Bücherei.",
        description="Wer kein eigenes Gerät hat, kann in der Ernst-Abbe-Bücherei Tablets und "
        "Laptops mit Bibliotheksausweis ausleihen. Die Geräte werden nach jeder Ausleihe "
        "zurückgesetzt.",
        start=D(2024, 4, 1),
        end=D(2027, 6, 30),
        budget=(70_000, 38_200),
        updates=(
            Update(D(2024, 6, 30), PREPARING, 15, "Geräte und Ausleihbedingungen festgelegt."),
            Update(D(2025, 3, 31), IN_PROGRESS, 40, "40 Geräte sind ausleihbar."),
            Update(D(2026, 9, 30), IN_PROGRESS, 60, "Der Pool wird auf 80 Geräte erweitert."),
        ),
        illustrative=True,
    ),
    # 7 JEDI ------------------------------------------------------------------------------
    MeasureSpec(
        code="7.1",
        slug="jedi-aufbau",
        title="Aufbau des JEDI am Engelplatz 8",
        unit="jenawirtschaft",
        summary="Der Jena Digital Innovation Hub hat am 12. August 2024 eröffnet.",
        description="Am Engelplatz 8 ist mit dem Jena Digital Innovation Hub „JEDI“ ein Ort "
        "für Innovation, Austausch und Weiterbildung entstanden. Der Aufbau umfasste "
        "Standortsuche, Umbau und Ausstattung. Betrieb und Programm laufen in Teilmaßnahme "
        "7.2 weiter.",
        partners="Ernst-Abbe-Hochschule Jena; Friedrich-Schiller-Universität Jena",
        start=D(2022, 9, 1),
        end=D(2024, 9, 30),
        budget=(820_000, 814_300),
        location=JEDI_ENGELPLATZ_8,
        milestones=(
            MilestoneSpec("Mietvertrag Engelplatz 8 unterzeichnet", D(2023, 9, 30), D(2023, 8, 31)),
            MilestoneSpec("Eröffnung des JEDI", D(2024, 8, 31), D(2024, 8, 12)),
        ),
        updates=(
            Update(
                D(2023, 3, 31),
                PREPARING,
                15,
                "Nutzungskonzept mit Hochschulen und Wirtschaft abgestimmt; Standortsuche läuft.",
            ),
            Update(D(2023, 9, 30), PREPARING, 30, "Der Standort Engelplatz 8 ist gesichert."),
            Update(D(2024, 3, 31), IN_PROGRESS, 60, "Umbau und Ausstattung laufen."),
            Update(
                D(2024, 8, 12),
                IN_PROGRESS,
                95,
                "Am 12. August 2024 hat das JEDI am Engelplatz 8 eröffnet.",
            ),
            Update(
                D(2024, 9, 30),
                COMPLETED,
                100,
                "Der Aufbau ist abgeschlossen; Betrieb und Programm laufen in Teilmaßnahme 7.2.",
            ),
        ),
        related=("7.2",),
    ),
    MeasureSpec(
        code="7.2",
        slug="jedi-programm",
        title="Betrieb und Community-Programm des JEDI",
        unit="jenawirtschaft",
        summary="Veranstaltungen, Coworking und Beratung im JEDI.",
        description="Das JEDI bietet Coworking, Veranstaltungen, Beratung zu "
        "Digitalisierung und Förderung sowie Räume für Hochschulen und Vereine. Das Programm "
        "richtet sich an Unternehmen, Gründende und Bürger:innen.",
        partners="Ernst-Abbe-Hochschule Jena; Friedrich-Schiller-Universität Jena; "
        "StarterWerkstatt Jena",
        start=D(2024, 8, 12),
        end=D(2027, 8, 31),
        budget=(540_000, 266_800),
        location=JEDI_ENGELPLATZ_8,
        indicators=(
            IndicatorSpec(
                "Veranstaltungen im JEDI (kumuliert)",
                "Veranstaltungen",
                (D(2024, 8, 12), 0),
                (D(2027, 8, 31), 250),
                (
                    (D(2024, 12, 31), 24),
                    (D(2025, 3, 31), 51),
                    (D(2025, 6, 30), 78),
                    (D(2025, 9, 30), 102),
                    (D(2025, 12, 31), 131),
                    (D(2026, 3, 31), 158),
                    (D(2026, 6, 30), 184),
                    (D(2026, 9, 30), 207),
                ),
            ),
        ),
        updates=(
            Update(D(2024, 9, 30), IN_PROGRESS, 10, "Das Programm ist angelaufen."),
            Update(
                D(2025, 3, 31),
                IN_PROGRESS,
                25,
                "Über 50 Veranstaltungen; Coworking gut ausgelastet.",
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                40,
                "Feste Formate: Digitalsprechstunde für Unternehmen und offene Werkstattabende.",
            ),
            Update(D(2026, 9, 30), IN_PROGRESS, 55, "Über 200 Veranstaltungen seit der Eröffnung."),
        ),
        related=("7.1", "7.4"),
    ),
    MeasureSpec(
        code="7.3",
        slug="reallabor-experimentierraeume",
        title="Experimentierräume für digitale Innovationen (Reallabor)",
        unit="digitalisierung",
        summary="Neue digitale Lösungen im Stadtraum erproben, mit klaren Regeln.",
        description="Unternehmen, Hochschulen und Initiativen können digitale Lösungen "
        "zeitlich begrenzt im Stadtraum erproben. Die Stadt stellt Flächen, Daten und "
        "Begleitung bereit und veröffentlicht die Ergebnisse.",
        start=D(2024, 1, 1),
        end=D(2027, 8, 31),
        budget=(300_000, 131_900),
        milestones=(
            MilestoneSpec("Erstes Reallabor-Projekt gestartet", D(2025, 3, 31), D(2025, 2, 14)),
        ),
        updates=(
            Update(
                D(2024, 3, 31), PREPARING, 10, "Rahmenbedingungen und Auswahlverfahren erarbeitet."
            ),
            Update(D(2024, 9, 30), IN_PROGRESS, 20, "Erster Aufruf: elf Bewerbungen."),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                35,
                "Drei Projekte laufen, darunter ein autonomer Lieferroboter auf dem Campus.",
            ),
            Update(D(2026, 9, 30), IN_PROGRESS, 45, "Zweiter Aufruf abgeschlossen."),
        ),
        related=("7.2",),
        illustrative=True,
    ),
    MeasureSpec(
        code="7.4",
        slug="inkubator-digitale-startups",
        title="Inkubator-Programm für digitale Start-ups",
        unit="jenawirtschaft",
        summary="Begleitung, Räume und Kontakte für Gründungen mit digitalen Geschäftsmodellen.",
        description="Gründungsteams erhalten sechs Monate Arbeitsplätze im JEDI, Coaching und "
        "Kontakte zu Unternehmen und Stadtverwaltung. Städtische Herausforderungen dienen "
        "als Anwendungsfälle.",
        partners="StarterWerkstatt Jena; Ernst-Abbe-Hochschule Jena",
        start=D(2024, 9, 1),
        end=D(2027, 8, 31),
        budget=(230_000, 104_600),
        indicators=(
            IndicatorSpec(
                "Betreute Start-ups (kumuliert)",
                "Start-ups",
                (D(2024, 9, 1), 0),
                (D(2027, 8, 31), 40),
                (
                    (D(2025, 3, 31), 6),
                    (D(2025, 9, 30), 13),
                    (D(2026, 3, 31), 19),
                    (D(2026, 9, 30), 24),
                ),
            ),
        ),
        updates=(
            Update(D(2024, 9, 30), PREPARING, 10, "Programm und Auswahlverfahren stehen."),
            Update(
                D(2025, 3, 31), IN_PROGRESS, 25, "Der erste Jahrgang mit sechs Teams hat begonnen."
            ),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                38,
                "Zwei Teams arbeiten mit städtischen Fachdiensten an Pilotprojekten.",
            ),
            Update(D(2026, 9, 30), IN_PROGRESS, 50, "24 Teams betreut."),
        ),
        related=("7.2",),
        illustrative=True,
    ),
    MeasureSpec(
        code="7.5",
        slug="smart-city-innovationswettbewerb",
        title="Smart-City-Innovationswettbewerb",
        unit="jenawirtschaft",
        summary="Ein Wettbewerb für digitale Ideen zu städtischen Herausforderungen.",
        description="Die Stadt schreibt Herausforderungen aus, etwa zu Klimaanpassung oder "
        "Mobilität; die besten Lösungen werden im Reallabor erprobt. Der Wettbewerb startet "
        "2027.",
        start=D(2026, 6, 1),
        end=D(2027, 6, 30),
        budget=(90_000, 6_200),
        milestones=(MilestoneSpec("Ausschreibung veröffentlicht", D(2027, 1, 31)),),
        updates=(
            Update(D(2026, 3, 31), PLANNED, 0, "Der Wettbewerb ist für 2027 eingeplant."),
            Update(D(2026, 9, 30), PREPARING, 10, "Jury und Preisgelder sind abgestimmt."),
        ),
        illustrative=True,
    ),
    # 8 Digitale Kompetenzen für Fachkräfte ------------------------------------------------
    MeasureSpec(
        code="8.1",
        slug="bedarfsanalyse-digitale-kompetenzen",
        title="Bedarfsanalyse digitale Kompetenzen in Jenaer Unternehmen",
        unit="jenawirtschaft",
        summary="Welche digitalen Kompetenzen fehlen Jenaer Unternehmen?",
        description="Eine Befragung von Unternehmen und Beschäftigten hat ermittelt, welche "
        "digitalen Kompetenzen gebraucht werden. Die Ergebnisse sind die Grundlage der "
        "Weiterbildungsangebote im Bündel.",
        partners="IHK Ostthüringen zu Gera; Handwerkskammer für Ostthüringen",
        start=D(2023, 1, 1),
        end=D(2023, 12, 31),
        budget=(50_000, 48_300),
        updates=(
            Update(
                D(2023, 6, 30),
                IN_PROGRESS,
                50,
                "Die Befragung ist abgeschlossen; 312 Unternehmen haben teilgenommen.",
            ),
            Update(D(2023, 12, 31), COMPLETED, 100, "Der Bericht ist veröffentlicht."),
        ),
        related=("8.2",),
        illustrative=True,
    ),
    MeasureSpec(
        code="8.2",
        slug="digital-fit-kmu",
        title="Weiterbildungsreihe „Digital fit“ für kleine und mittlere Unternehmen",
        unit="jenawirtschaft",
        summary="Kurze, praxisnahe Weiterbildungen für Beschäftigte in KMU.",
        description="Halbtägige Kurse zu Themen wie Datenschutz, Cloud-Werkzeugen und KI im "
        "Büro, abgestimmt auf die Bedarfsanalyse. Die Kurse finden im JEDI und in der "
        "Volkshochschule statt.",
        partners="Volkshochschule Jena; IHK Ostthüringen zu Gera",
        start=D(2024, 1, 1),
        end=D(2027, 8, 31),
        budget=(160_000, 79_800),
        indicators=(
            IndicatorSpec(
                "Teilnehmende der Weiterbildungsreihe (kumuliert)",
                "Personen",
                (D(2024, 1, 1), 0),
                (D(2027, 8, 31), 600),
                (
                    (D(2024, 6, 30), 45),
                    (D(2024, 12, 31), 110),
                    (D(2025, 6, 30), 190),
                    (D(2025, 12, 31), 260),
                    (D(2026, 6, 30), 330),
                ),
            ),
        ),
        updates=(
            Update(D(2024, 3, 31), IN_PROGRESS, 10, "Die ersten Kurse sind ausgebucht."),
            Update(D(2024, 9, 30), IN_PROGRESS, 25, "Zwölf Kursformate im Angebot."),
            Update(D(2025, 9, 30), IN_PROGRESS, 45, "Neue Reihe „KI im Büro“."),
            Update(D(2026, 9, 30), IN_PROGRESS, 55, "330 Teilnehmende bis Mitte 2026."),
        ),
        related=("8.1",),
        illustrative=True,
    ),
    MeasureSpec(
        code="8.3",
        slug="digitale-kompetenzen-pflege",
        title="Digitale Kompetenzen in der Pflege",
        unit="soziales",
        summary="Pflegekräfte lernen Telemedizin, digitale Dokumentation und Assistenztechnik.",
        description="Pflegekräfte ambulanter und stationärer Einrichtungen werden im Umgang "
        "mit Telemedizin, digitaler Dokumentation und Assistenzsystemen geschult. Die "
        "Schulungen nutzen den Telemedizinraum und die Musterwohnung in Lobeda.",
        partners="Universitätsklinikum Jena; Jenaer Pflegeeinrichtungen",
        start=D(2024, 4, 1),
        end=D(2027, 6, 30),
        budget=(130_000, 46_100),
        updates=(
            Update(
                D(2024, 9, 30),
                PREPARING,
                10,
                "Schulungsmodule mit dem Universitätsklinikum entwickelt.",
            ),
            Update(D(2025, 3, 31), IN_PROGRESS, 20, "Erste Schulungen im Telemedizinraum."),
            Update(D(2025, 9, 30), IN_PROGRESS, 30, "Acht Einrichtungen nehmen teil."),
            Update(D(2026, 9, 30), IN_PROGRESS, 40, "Ein Zertifikatskurs ist in Vorbereitung."),
        ),
        related=("3.1",),
        illustrative=True,
    ),
    MeasureSpec(
        code="8.4",
        slug="fachkraefteportal-jena",
        title="Fachkräfteportal Jena",
        unit="jenawirtschaft",
        summary="Ein Portal für Fachkräfte, die nach Jena kommen wollen.",
        description="Das Portal bündelt Stellen, Wohnungssuche, Kinderbetreuung und "
        "Anerkennung ausländischer Abschlüsse für zuziehende Fachkräfte. Es ist mehrsprachig "
        "und verweist auf die passenden Beratungsstellen.",
        partners="Agentur für Arbeit Jena; Welcome Center Thüringen",
        start=D(2023, 10, 1),
        end=D(2027, 3, 31),
        budget=(110_000, 70_400),
        updates=(
            Update(D(2024, 3, 31), PREPARING, 15, "Inhalte mit den Partnern abgestimmt."),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                35,
                "Das Portal ist in deutscher und englischer Sprache online.",
            ),
            Update(D(2025, 4, 15), IN_PROGRESS, 50, "Weitere Sprachen in Vorbereitung."),
            Update(
                D(2026, 4, 15), IN_PROGRESS, 60, "Das Portal wird in das Stadtportal integriert."
            ),
        ),
        illustrative=True,
    ),
    MeasureSpec(
        code="8.5",
        slug="digitalakademie-stadtverwaltung",
        title="Digitalakademie für Beschäftigte der Stadtverwaltung",
        unit="digitalisierung",
        summary="Fortbildungen für digitale Arbeitsweisen in der Verwaltung.",
        description="Beschäftigte der Stadtverwaltung lernen digitale Arbeitsweisen, "
        "Datenkompetenz und den sicheren Umgang mit neuen Werkzeugen. Digitallots:innen in "
        "den Fachdiensten geben das Wissen weiter.",
        start=D(2023, 9, 1),
        end=D(2027, 8, 31),
        budget=(150_000, 89_600),
        indicators=(
            IndicatorSpec(
                "Geschulte Beschäftigte (kumuliert)",
                "Personen",
                (D(2023, 9, 1), 0),
                (D(2027, 8, 31), 1500),
                (
                    (D(2024, 3, 31), 120),
                    (D(2024, 9, 30), 310),
                    (D(2025, 3, 31), 540),
                    (D(2025, 9, 30), 760),
                    (D(2026, 3, 31), 930),
                    (D(2026, 9, 30), 1080),
                ),
            ),
        ),
        updates=(
            Update(D(2023, 12, 31), PREPARING, 15, "Curriculum mit dem Personalrat abgestimmt."),
            Update(D(2024, 9, 30), IN_PROGRESS, 35, "310 Beschäftigte geschult."),
            Update(
                D(2025, 9, 30), IN_PROGRESS, 55, "In jedem Fachdienst gibt es Digitallots:innen."
            ),
            Update(D(2026, 9, 30), IN_PROGRESS, 65, "Über 1.000 Beschäftigte geschult."),
        ),
        illustrative=True,
    ),
    # 9 Smarte Verwaltung -------------------------------------------------------------------
    MeasureSpec(
        code="9.1",
        slug="smarte-verwaltung",
        title="Smarte Verwaltung: Hackathons, Umfragetool und Bürgerterminals",
        unit="digitalisierung",
        summary="Hackathons zu Verwaltungsproblemen, ein Umfragetool und Computerterminals "
        "im Bürgerservice – vom Fördermittelgeber im Mai 2023 abgelehnt.",
        description="Geplant waren Hackathons zu Problemen der Verwaltung, ein Umfragetool "
        "und Computerterminals im Bürgerservice. Der Fördermittelgeber hat die Teilmaßnahme "
        "im Mai 2023 nicht bewilligt. An ihre Stelle tritt das multifunktionale Chatsystem "
        "(Teilmaßnahme 9.2).",
        start=D(2022, 9, 1),
        end=D(2024, 12, 31),
        budget=(14_500, 14_500),
        updates=(
            Update(
                D(2023, 3, 31),
                PREPARING,
                10,
                "Das Konzept liegt vor; die Freigabe der Mittel ist beantragt.",
            ),
            Update(
                D(2023, 5, 31),
                DISCONTINUED,
                10,
                "Die Teilmaßnahme wird nicht umgesetzt.",
                reason="Der Fördermittelgeber hat die Teilmaßnahme im Mai 2023 nicht "
                "bewilligt. Die Mittel werden für das multifunktionale Chatsystem "
                "(Teilmaßnahme 9.2) beantragt.",
            ),
        ),
        successor="9.2",
    ),
    MeasureSpec(
        code="9.2",
        slug="multifunktionales-chatsystem",
        title="Multifunktionales Chatsystem",
        unit="digitalisierung",
        summary="Ein Chat beantwortet rund um die Uhr Fragen zu Verwaltungsleistungen.",
        description="Ein Chatsystem beantwortet Fragen zu Leistungen, Öffnungszeiten und "
        "Unterlagen, bucht Termine und leitet an Mitarbeitende weiter, wenn es nicht "
        "weiterweiß. Es ersetzt die 2023 nicht bewilligte Teilmaßnahme 9.1 und wurde am "
        "22. März 2024 bewilligt.",
        start=D(2024, 4, 1),
        end=D(2027, 6, 30),
        budget=(400_000, 211_800),
        milestones=(
            MilestoneSpec(
                "Bewilligung durch den Fördermittelgeber", D(2024, 3, 31), D(2024, 3, 22)
            ),
            MilestoneSpec("Chat für den Bürgerservice online", D(2025, 12, 31), D(2025, 11, 27)),
            MilestoneSpec("Anbindung weiterer Fachdienste", D(2027, 3, 31)),
        ),
        indicators=(
            IndicatorSpec(
                "Beantwortete Anfragen pro Monat",
                "Anfragen",
                (D(2025, 11, 27), 0),
                (D(2027, 6, 30), 5000),
                (
                    (D(2025, 12, 31), 850),
                    (D(2026, 3, 31), 1900),
                    (D(2026, 6, 30), 2600),
                    (D(2026, 9, 30), 3100),
                ),
            ),
        ),
        updates=(
            Update(
                D(2023, 9, 30),
                PLANNED,
                0,
                "Der Ersatzantrag für die nicht bewilligte Teilmaßnahme 9.1 ist eingereicht.",
            ),
            Update(
                D(2024, 3, 31),
                PREPARING,
                10,
                "Am 22. März 2024 bewilligt; die Ausschreibung wird vorbereitet.",
            ),
            Update(
                D(2024, 9, 30),
                IN_PROGRESS,
                25,
                "Der Auftrag ist vergeben; die Wissensbasis wird mit dem Bürgerservice aufgebaut.",
            ),
            Update(D(2025, 3, 31), IN_PROGRESS, 35, "Interner Test mit 200 häufigen Fragen."),
            Update(
                D(2025, 9, 30),
                IN_PROGRESS,
                45,
                "Die Barrierefreiheitsprüfung ist bestanden; Start im November.",
            ),
            Update(
                D(2026, 9, 30),
                IN_PROGRESS,
                60,
                "Der Chat beantwortet über 3.000 Anfragen "
                "im Monat; Kfz-Zulassung und Meldewesen folgen.",
            ),
        ),
        related=("9.3",),
    ),
    MeasureSpec(
        code="9.3",
        slug="digitale-antragsstrecken",
        title="Digitale Antragsstrecken im Bürgerservice",
        unit="digitalisierung",
        summary="Häufige Anträge vollständig online, ohne Medienbruch.",
        description="Häufig genutzte Leistungen wie Anwohnerparken, Meldebescheinigung und "
        "Wohngeld werden durchgängig digital bearbeitet – vom Antrag bis zum Bescheid. Die "
        "Stadt nutzt dafür die Angebote des Landes, wo es sie gibt.",
        start=D(2023, 1, 1),
        end=D(2027, 8, 31),
        budget=(300_000, 193_500),
        indicators=(
            IndicatorSpec(
                "Online verfügbare Verwaltungsleistungen",
                "Leistungen",
                (D(2023, 1, 1), 35),
                (D(2027, 8, 31), 150),
                (
                    (D(2023, 6, 30), 42),
                    (D(2023, 12, 31), 55),
                    (D(2024, 6, 30), 68),
                    (D(2024, 12, 31), 84),
                    (D(2025, 6, 30), 97),
                    (D(2025, 12, 31), 112),
                    (D(2026, 6, 30), 121),
                ),
            ),
        ),
        updates=(
            Update(D(2023, 6, 30), IN_PROGRESS, 15, "Die ersten Antragsstrecken sind umgestellt."),
            Update(D(2024, 6, 30), IN_PROGRESS, 35, "68 Leistungen online."),
            Update(D(2025, 6, 30), IN_PROGRESS, 55, "Anwohnerparken vollständig digital."),
            Update(
                D(2026, 9, 30), IN_PROGRESS, 70, "121 Leistungen online; das Wohngeld folgt 2027."
            ),
        ),
        related=("9.2",),
        illustrative=True,
    ),
    MeasureSpec(
        code="9.4",
        slug="digitales-terminmanagement",
        title="Digitales Terminmanagement im Bürgerservice",
        unit="digitalisierung",
        summary="Termine im Bürgerservice online buchen, mit Erinnerung.",
        description="Termine im Bürgerservice lassen sich online buchen und verschieben; "
        "eine Erinnerung nennt die nötigen Unterlagen. Die Wartezeiten vor Ort sind deutlich "
        "gesunken.",
        start=D(2023, 3, 1),
        end=D(2024, 12, 31),
        budget=(120_000, 113_600),
        updates=(
            Update(D(2023, 9, 30), IN_PROGRESS, 40, "Die Buchung für Ausweisdokumente ist online."),
            Update(
                D(2024, 3, 31), IN_PROGRESS, 80, "Alle Leistungen des Bürgerservice sind buchbar."
            ),
            Update(
                D(2024, 12, 31),
                COMPLETED,
                100,
                "Im Regelbetrieb; die Wartezeit vor Ort hat sich halbiert.",
            ),
        ),
        illustrative=True,
    ),
    MeasureSpec(
        code="9.5",
        slug="ki-recherche-ratsinformationssystem",
        title="KI-gestützte Recherche im Ratsinformationssystem",
        unit="digitalisierung",
        summary="Beschlüsse und Vorlagen des Stadtrats in Alltagssprache durchsuchen.",
        description="Eine Suche mit Sprachmodell soll Beschlüsse und Vorlagen des Stadtrats "
        "in Alltagssprache auffindbar machen und Quellen immer mit angeben. Vorher werden "
        "Datenschutz und Betrieb auf eigenen Servern geprüft.",
        start=D(2027, 1, 1),
        end=D(2027, 8, 31),
        budget=(120_000, 0),
        updates=(
            Update(D(2025, 9, 30), PLANNED, 0, "Die Teilmaßnahme ist für 2027 vorgesehen."),
            Update(D(2026, 9, 30), PLANNED, 0, "Die datenschutzrechtliche Prüfung läuft."),
        ),
        illustrative=True,
    ),
)


# --- loader ---------------------------------------------------------------------------------


@dataclass
class LoadResult:
    """What a run created (per kind), what it left for later, and the demo account."""

    created: Counter = field(default_factory=Counter)
    skipped_future: int = 0
    demo_manager: object = None
    demo_unit: OrganisationalUnit | None = None

    def add(self, kind: str, was_created: bool) -> None:
        self.created[kind] += int(was_created)


def _get_or_create(model, lookup: dict, defaults: dict, result: LoadResult, kind: str):
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    result.add(kind, created)
    return obj


def _load_structure(result: LoadResult) -> tuple[dict, dict, dict, dict]:
    units = {}
    for spec in UNITS:
        group = _get_or_create(Group, {"name": spec.group_name}, {}, result, "groups")
        unit = _get_or_create(
            OrganisationalUnit,
            {"slug": spec.slug},
            {"name": spec.name, "short_name": spec.short_name, "email": spec.email, "group": group},
            result,
            "units",
        )
        if unit.group_id is None:  # a unit created elsewhere without its managers' group
            unit.group = group
            unit.save(update_fields=["group"])
        units[spec.slug] = unit

    core_areas = {
        spec.number: _get_or_create(
            CoreArea,
            {"number": spec.number},
            {"slug": spec.slug, "title": spec.title, "summary": spec.summary},
            result,
            "core_areas",
        )
        for spec in CORE_AREAS
    }
    fields = {
        spec.code: _get_or_create(
            FieldOfAction,
            {"code": spec.code},
            {
                "number": spec.number,
                "slug": spec.slug,
                "title": spec.title,
                "summary": spec.summary,
            },
            result,
            "fields",
        )
        for spec in FIELDS
    }
    bundles = {}
    for spec in BUNDLES:
        bundle, created = MeasureBundle.objects.get_or_create(
            number=spec.number,
            defaults={
                "slug": spec.slug,
                "title": spec.title,
                "summary": spec.summary,
                "field_of_action": fields[spec.field],
            },
        )
        result.add("bundles", created)
        if created:
            bundle.core_areas.set([core_areas[n] for n in spec.core_areas])
        bundles[spec.number] = bundle
    return units, core_areas, fields, bundles


def _load_measure(spec: MeasureSpec, *, bundles, units, today, result: LoadResult) -> Measure:
    measure = Measure.objects.filter(code=spec.code).first()
    result.add("measures", measure is None)
    if measure is None:
        measure = services.measure_create(
            actor=None,
            bundle=bundles[spec.bundle_number],
            code=spec.code,
            slug=spec.slug,
            title=spec.title,
            summary=spec.summary,
            description=spec.description,
            planned_start=spec.start,
            planned_end=spec.end,
            responsible_unit=units[spec.unit],
            partners=spec.partners,
            budget_planned=Decimal(spec.budget[0]),
            budget_spent=Decimal(spec.budget[1]),
            funding=spec.funding,
            location=point(*spec.location) if spec.location else None,
        )

    existing_dates = set(measure.progress_updates.values_list("date", flat=True))
    for update in sorted(spec.updates, key=lambda u: u.date):
        if update.date > today:
            result.skipped_future += 1
            continue
        if update.date in existing_dates:
            continue
        services.progress_update_publish(
            measure=measure,
            actor=None,
            date=update.date,
            status=update.status,
            progress=update.progress,
            text=update.text,
            reason=update.reason,
        )
        result.add("progress_updates", True)

    existing_milestones = set(measure.milestones.values_list("title", flat=True))
    for ms in spec.milestones:
        if ms.title in existing_milestones:
            continue
        completed_on = ms.completed_on if ms.completed_on and ms.completed_on <= today else None
        services.measure_part_save(
            obj=Milestone(
                measure=measure, title=ms.title, due_on=ms.due_on, completed_on=completed_on
            ),
            actor=None,
        )
        result.add("milestones", True)

    for ind in spec.indicators:
        indicator = measure.indicators.filter(name=ind.name).first()
        if indicator is None:
            indicator = services.measure_part_save(
                obj=Indicator(
                    measure=measure,
                    name=ind.name,
                    description=ind.description,
                    unit=ind.unit,
                    baseline_date=ind.baseline[0],
                    baseline_value=Decimal(ind.baseline[1]),
                    target_date=ind.target[0],
                    target_value=Decimal(ind.target[1]),
                ),
                actor=None,
            )
            result.add("indicators", True)
        existing_values = set(indicator.values.values_list("date", flat=True))
        for date, value in ind.values:
            if date > today:
                result.skipped_future += 1
                continue
            if date in existing_values:
                continue
            services.measure_part_save(
                obj=IndicatorValue(indicator=indicator, date=date, value=Decimal(value)),
                actor=None,
            )
            result.add("indicator_values", True)
    return measure


def _link_measures(measures: dict[str, Measure]) -> None:
    for spec in MEASURES:
        measure = measures[spec.code]
        if spec.successor and measure.successor_id is None:
            measure.successor = measures[spec.successor]
            services.measure_save(measure=measure, actor=None)
        wanted = {measures[code].pk for code in spec.related}
        present = set(measure.related_measures.values_list("pk", flat=True))
        if wanted - present:
            # No service owns the symmetric relation; the through rows are plain links.
            measure.related_measures.add(*(wanted - present))


def demo_manager_ensure(*, units: dict[str, OrganisationalUnit]):
    """The demo measure manager: staff, member of one unit's group, verified e-mail."""
    user_model = get_user_model()
    unit = units[DEMO_MANAGER_UNIT]
    user = user_model.objects.filter(email=DEMO_MANAGER_EMAIL).first()
    if user is None:
        user = user_model.objects.create_user(
            email=DEMO_MANAGER_EMAIL,
            password=DEMO_MANAGER_PASSWORD,
            display_name=DEMO_MANAGER_NAME,
            is_staff=True,
        )
    else:
        changed = []
        if not user.is_staff:
            user.is_staff = True
            changed.append("is_staff")
        if not user.is_active:
            user.is_active = True
            changed.append("is_active")
        if not user.check_password(DEMO_MANAGER_PASSWORD):
            # The printed credentials must work, whatever happened during the last demo.
            user.set_password(DEMO_MANAGER_PASSWORD)
            changed.append("password")
        if changed:
            user.save(update_fields=changed)
    user.groups.add(unit.group)
    EmailAddress.objects.update_or_create(
        user=user, email=DEMO_MANAGER_EMAIL, defaults={"verified": True, "primary": True}
    )
    return user, unit


@transaction.atomic
def load_jena_demo(*, today: datetime.date | None = None, demo_manager: bool = True) -> LoadResult:
    """Create what is missing of the demo strategy; see the module docstring.

    ``demo_manager``: also ensure the demo measure manager (a staff account with a
    published password: the command creates it only with DEBUG on or when asked to).
    """
    today = today or timezone.localdate()
    result = LoadResult()
    units, _core_areas, _fields, bundles = _load_structure(result)
    measures = {
        spec.code: _load_measure(spec, bundles=bundles, units=units, today=today, result=result)
        for spec in MEASURES
    }
    _link_measures(measures)
    for measure in measures.values():
        # Idempotent: makes sure each unit's group holds its object permissions.
        services.measure_unit_permissions_sync(measure=measure)
    if demo_manager:
        result.demo_manager, result.demo_unit = demo_manager_ensure(units=units)
    easy_summaries_ensure()
    fill_english_strategy()  # only where a text has no English yet
    return result
