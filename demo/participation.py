"""Demo data of participation: three projects in different phases, a few hundred ideas
spread over Jena's Ortsteile, comments, votes, official responses and a moderation case,
so the map and the lists look alive on ``make run``.

Everything here is ILLUSTRATIVE: invented residents (addresses under the reserved domain
``jena-smart.example``), invented ideas built from templates, invented answers of the
city. The strategy (``demo.strategy``) and the districts must be loaded first
(``manage.py load_jena_demo``); the projects link to its measures by code.

The projects:

* „Wo soll die Stadt smarte Straßenbeleuchtung testen?“ — the ideas phase runs now
  (started three weeks ago, ends in five); a voting phase follows. Ideas and comments are
  written through the services (``idea_create``, ``comment_create``), as residents would.
* „Smartes Quartier Lobeda: Was braucht Ihr Viertel?“ — the ideas phase is over, the
  voting phase runs now (3 votes per person). Its ideas are history: the services refuse
  ideas outside the ideas phase, and opening a phase for the loader would fake the rules,
  so they are written as rows. Votes and comments go through ``vote_cast`` and
  ``comment_create`` while the voting phase runs.
* „Ideen für die Nachbarschaft 2025“ — finished in 2025, now in implementation,
  with the city's answers (accepted, rejected, implemented) and ideas taken up by
  measures. Its ideas, comments and votes are history and written as rows; the counters
  are then recomputed by ``idea_counters_refresh``. Answers go through
  ``idea_set_status_and_response`` (no phase rule applies to answers).

A few hand-written ideas carry a photo (``DEMO_PHOTOS``): drawn here with Pillow, the same
picture on every run, no file in the repository. They are stored through the site's
storage like a resident's upload: in ``MEDIA_ROOT`` for ``make run``, in the object
storage's public bucket with ``S3_BUCKET`` (``make production-local``).

Writes through services keep their rules; only the timestamps are moved into the past
afterwards (a demo written in one second would otherwise show every idea as "just now").

Idempotent: everything is matched (users by e-mail, projects by slug, phases by type,
categories by slug, ideas by project and title, comments by target, author and text,
votes by person and idea) and only what is missing is created; nothing is overwritten,
so what people changed during a demo stays. All randomness comes from one
``random.Random`` per project seeded with 2026 and the project's key, and from the
districts, so a second run plans the same data.

A fourth project holds the demo's polls, an open and a closed anonymous one, with a few
hundred answers (``demo.polls``).

The moderation account (``moderation@jena-smart.example``) moderates the three projects
and writes the answers. Its password (and that of the first demo resident) is set only
when the caller allows it (DEBUG or an explicit flag); otherwise the accounts have no
usable password.
"""

from __future__ import annotations

import datetime
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from demo.easy_summaries import easy_summaries_ensure
from demo.english import fill_english_projects
from demo.photos import demo_photo
from demo.polls import polls_ensure
from geo.models import District
from geo.selectors import district_for_point
from geo.validation import geometry_from_geojson
from measures.models import Measure, OrganisationalUnit
from participation.ideas.models import Comment, Idea, IdeaStatus, Vote
from participation.ideas.pagecache import item_changed
from participation.ideas.services.comments import comment_create
from participation.ideas.services.counters import idea_counters_refresh
from participation.ideas.services.ideas import idea_create, idea_set_status_and_response
from participation.ideas.services.votes import vote_cast
from participation.moderation.models import Flag, FlagReason
from participation.moderation.services import content_hide, flag_create
from participation.notifications.services import immediate_mails_together
from projects import services as project_services
from projects.models import Category, Phase, Project

SEED = 2026
DOMAIN = "jena-smart.example"
MODERATOR_EMAIL = f"moderation@{DOMAIN}"
MODERATOR_PASSWORD = "Jena-Smart-Moderation-2026"  # noqa: S105 - printed demo credentials
MODERATOR_NAME = "Team Bürgerbeteiligung (Demo)"
RESIDENT_PASSWORD = "Jena-Smart-Bewohnerin-2026"  # noqa: S105 - printed demo credentials

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)

# Errors the services raise for a rule that refuses the write; the loader skips that
# item (and counts it) instead of failing: e.g. a later run after the phase has ended.
REFUSALS = (ValidationError, PermissionDenied)


class DemoDataMissing(Exception):
    """The strategy demo (districts) is not loaded."""


# --- residents ----------------------------------------------------------------------------

# (first name, female, home district). E-mail: bewohnerin01@… / bewohner02@… by number.
RESIDENTS: tuple[tuple[str, bool, str], ...] = (
    ("Anna", True, "Winzerla"),
    ("Ben", False, "Jena-Nord"),
    ("Claudia", True, "Neulobeda"),
    ("Deniz", False, "Lobeda-Altstadt"),
    ("Elke", True, "Jena-Zentrum"),
    ("Felix", False, "Wenigenjena"),
    ("Gül", True, "Neulobeda"),
    ("Hannes", False, "Jena-West"),
    ("Ines", True, "Jena-Süd"),
    ("Jonas", False, "Zwätzen"),
    ("Katrin", True, "Drackendorf"),
    ("Lukas", False, "Ammerbach"),
    ("Maria", True, "Lobeda-Altstadt"),
    ("Nils", False, "Kernberge"),
    ("Olga", True, "Neulobeda"),
    ("Paul", False, "Jena-Zentrum"),
    ("Renate", True, "Wöllnitz"),
    ("Sven", False, "Burgau"),
    ("Tanja", True, "Jena-Nord"),
    ("Uwe", False, "Neulobeda"),
    ("Vera", True, "Ziegenhain"),
    ("Wolfgang", False, "Göschwitz"),
    ("Yasmin", True, "Winzerla"),
    ("Zoran", False, "Lobeda-Altstadt"),
    ("Birgit", True, "Löbstedt"),
    ("Christian", False, "Jena-Süd"),
    ("Doris", True, "Lichtenhain"),
    ("Emil", False, "Isserstedt"),
    ("Franziska", True, "Wenigenjena"),
    ("Georg", False, "Drackendorf"),
    ("Heike", True, "Jena-West"),
    ("Ibrahim", False, "Neulobeda"),
    ("Jana", True, "Cospeda"),
    ("Karl", False, "Maua"),
    ("Lena", True, "Jena-Zentrum"),
    ("Mehmet", False, "Winzerla"),
    ("Nadine", True, "Kunitz/Laasan"),
    ("Oskar", False, "Jenaprießnitz/Wogau"),
    ("Petra", True, "Neulobeda"),
    ("Robert", False, "Jena-Nord"),
)


def resident_email(number: int) -> str:
    """``number`` counts from 1: bewohnerin01@jena-smart.example, bewohner02@…"""
    _name, female, _district = RESIDENTS[number - 1]
    return f"{'bewohnerin' if female else 'bewohner'}{number:02d}@{DOMAIN}"


def resident_name(number: int) -> str:
    name, _female, district = RESIDENTS[number - 1]
    return f"{name} aus {district}"


# --- projects -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseSpec:
    type: str
    title: str
    description: str
    start: datetime.datetime
    end: datetime.datetime
    ideas: bool = False
    comments: bool = False
    votes: bool = False
    votes_per_person: int | None = None


@dataclass(frozen=True)
class ProjectSpec:
    key: str  # "lighting", "quarter", "budget": selects the idea templates
    slug: str
    title: str
    summary: str
    description: str
    unit: str  # OrganisationalUnit.slug
    measure_codes: tuple[str, ...]
    categories: tuple[tuple[str, str], ...]  # (slug, name)
    phases: tuple[PhaseSpec, ...]
    generated_ideas: int
    # Districts of the project (many-to-many). With ``area_from_districts`` the area is a
    # polygon around them; otherwise the area is empty: the whole city.
    district_names: tuple[str, ...] = ()
    area_from_districts: bool = False
    without_point_share: float = 0.08
    historic: bool = False  # ideas (and for "budget" everything) written as rows


def _midnight(moment: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day))


def project_specs(now: datetime.datetime) -> tuple[ProjectSpec, ...]:
    today = _midnight(now)
    return (
        ProjectSpec(
            key="lighting",
            slug="smarte-strassenbeleuchtung",
            title="Wo soll die Stadt smarte Straßenbeleuchtung testen?",
            summary="Jena testet Laternen, die nur bei Bedarf hell werden, Strom sparen und "
            "nebenbei das Stadtklima messen. Zeigen Sie uns auf der Karte, wo das Licht "
            "fehlt oder stört.",
            description="Im Rahmen der Smart-City-Strategie testet die Stadt an einigen "
            "Orten smarte Straßenbeleuchtung: LED-Leuchten, die gedimmt leuchten und heller "
            "werden, wenn jemand kommt, Störungen selbst melden und über das LoRaWAN-Funknetz "
            "Messwerte wie Temperatur und Luftfeuchte liefern.\n\n"
            "Wo sind Sie abends unterwegs und fühlen sich unsicher? Wo ist es zu hell, wo "
            "blendet das Licht? Setzen Sie Ihre Idee auf die Karte oder beschreiben Sie den "
            "Ort. Nach der Ideenphase können alle die Vorschläge unterstützen; die Stadt "
            "wählt daraus die Teststrecken aus und begründet ihre Auswahl.",
            unit="kommunalservice",
            measure_codes=("2.1", "2.5", "7.3"),
            categories=(
                ("beleuchtung", "Beleuchtung"),
                ("sicherheit", "Sicherheit"),
                ("umwelt", "Umwelt"),
                ("sonstiges", "Sonstiges"),
            ),
            phases=(
                PhaseSpec(
                    Phase.Type.INFORMATION,
                    "Information",
                    "Die Stadt stellt das Vorhaben vor: was smarte Laternen können und was "
                    "sie kosten.",
                    today - 35 * DAY,
                    today - 21 * DAY,
                ),
                PhaseSpec(
                    Phase.Type.IDEAS,
                    "Ideen sammeln",
                    "Setzen Sie Ihre Idee auf die Karte und diskutieren Sie die Ideen der anderen.",
                    today - 21 * DAY,
                    today + 35 * DAY,
                    ideas=True,
                    comments=True,
                ),
                PhaseSpec(
                    Phase.Type.VOTING,
                    "Ideen unterstützen",
                    "Jede Person kann bis zu fünf Ideen unterstützen.",
                    today + 35 * DAY,
                    today + 56 * DAY,
                    comments=True,
                    votes=True,
                    votes_per_person=5,
                ),
                PhaseSpec(
                    Phase.Type.EVALUATION,
                    "Auswertung",
                    "Die Stadt prüft die meistunterstützten Orte und antwortet auf jede Idee.",
                    today + 56 * DAY,
                    today + 120 * DAY,
                ),
            ),
            generated_ideas=126,
        ),
        ProjectSpec(
            key="quarter",
            slug="smartes-quartier-lobeda",
            title="Smartes Quartier Lobeda: Was braucht Ihr Viertel?",
            summary="Länger gut und selbstbestimmt leben in Lobeda: Welche digitalen und "
            "ganz handfesten Angebote braucht Ihr Viertel? Jetzt die besten Ideen "
            "unterstützen.",
            description="Lobeda ist Jenas größter Stadtteil und ein Modellquartier der "
            "Smart-City-Strategie: Telemedizin, Gesundheitsapartments, eine Quartiers-App "
            "und eine Musterwohnung mit Assistenzsystemen entstehen hier.\n\n"
            "In der Ideenphase haben Bewohnerinnen und Bewohner gesammelt, was ihnen im "
            "Alltag fehlt. Jetzt hat jede Person drei Stimmen: Unterstützen Sie die Ideen, "
            "die Ihr Viertel am meisten voranbringen. Die Ideen mit den meisten Stimmen "
            "prüft das Quartiersmanagement zuerst.",
            unit="soziales",
            measure_codes=("3.1", "3.4", "3.5"),
            categories=(
                ("gesundheit", "Gesundheit und Pflege"),
                ("mobilitaet", "Mobilität und Barrierefreiheit"),
                ("treffpunkte", "Treffpunkte"),
                ("digital", "Digitale Angebote"),
            ),
            phases=(
                PhaseSpec(
                    Phase.Type.IDEAS,
                    "Ideen sammeln",
                    "Was fehlt in Lobeda? Ideen auf der Karte oder mit Ortsbeschreibung.",
                    today - 70 * DAY,
                    today - 21 * DAY,
                    ideas=True,
                    comments=True,
                ),
                PhaseSpec(
                    Phase.Type.VOTING,
                    "Abstimmung",
                    "Jede Person hat drei Stimmen.",
                    today - 21 * DAY,
                    today + 14 * DAY,
                    comments=True,
                    votes=True,
                    votes_per_person=3,
                ),
                PhaseSpec(
                    Phase.Type.EVALUATION,
                    "Auswertung",
                    "Das Quartiersmanagement prüft die Ideen mit den meisten Stimmen und "
                    "antwortet auf jede Idee.",
                    today + 14 * DAY,
                    today + 90 * DAY,
                ),
            ),
            generated_ideas=87,
            district_names=("Lobeda-Altstadt", "Neulobeda", "Drackendorf"),
            area_from_districts=True,
            historic=True,
        ),
        ProjectSpec(
            key="budget",
            slug="nachbarschaftsideen-2025",
            title="Ideen für die Nachbarschaft 2025",
            summary="Kleine Projekte für die Nachbarschaft, bis 15.000 Euro je Idee: Die "
            "Abstimmung ist vorbei, hier steht, was aus jeder Idee geworden ist.",
            description="Die Ortsteilräte haben 2025 Ideen für kleine Vorhaben in der "
            "Nachbarschaft gesammelt, neben dem Bürgerbudget. Die Ideen wurden "
            "unterstützt und von den Fachdiensten geprüft.\n\n"
            "Jede Idee hat eine Antwort der Stadt: angenommen, abgelehnt (mit Begründung) "
            "oder schon umgesetzt. Einige Ideen sind in Maßnahmen der Smart-City-Strategie "
            "eingeflossen – sie stehen auch auf den Seiten dieser Maßnahmen.",
            unit="stadtentwicklung",
            measure_codes=("4.4", "2.3", "6.4"),
            categories=(
                ("spielen-sport", "Spielen und Sport"),
                ("gruen-umwelt", "Grün und Umwelt"),
                ("verkehr", "Verkehr"),
                ("treffpunkte-kultur", "Treffpunkte und Kultur"),
            ),
            phases=(
                PhaseSpec(
                    Phase.Type.IDEAS,
                    "Ideen sammeln",
                    "Ideen für die Nachbarschaft bis 15.000 Euro.",
                    _at(2025, 3, 1),
                    _at(2025, 5, 1),
                    ideas=True,
                    comments=True,
                ),
                PhaseSpec(
                    Phase.Type.VOTING,
                    "Abstimmung",
                    "Jede Person konnte bis zu fünf Ideen unterstützen.",
                    _at(2025, 5, 5),
                    _at(2025, 6, 2),
                    comments=True,
                    votes=True,
                    votes_per_person=5,
                ),
                PhaseSpec(
                    Phase.Type.EVALUATION,
                    "Prüfung durch die Fachdienste",
                    "Die Fachdienste prüfen Kosten, Zuständigkeit und Machbarkeit und "
                    "antworten auf jede Idee.",
                    _at(2025, 6, 2),
                    _at(2025, 10, 1),
                ),
                PhaseSpec(
                    Phase.Type.IMPLEMENTATION,
                    "Umsetzung",
                    "Die angenommenen Ideen werden umgesetzt; der Stand steht bei jeder Idee.",
                    _at(2025, 10, 1),
                    _at(2027, 6, 30),
                ),
            ),
            generated_ideas=80,
            historic=True,
        ),
    )


def _phase(spec: ProjectSpec, type_: str) -> PhaseSpec:
    return next(p for p in spec.phases if p.type == type_)


# --- idea templates -----------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    title: str
    category: str  # Category.slug
    proposal: str
    only: tuple[str, ...] = ()  # the place phrases it fits (empty: all)


@dataclass(frozen=True)
class Place:
    phrase: str  # "am Schulweg"
    problem: str
    description: str  # for ideas without a point: "Fußweg hinter der Schule"


TEMPLATES: dict[str, tuple[tuple[Need, ...], tuple[Place, ...], tuple[str, ...]]] = {
    "lighting": (
        (
            Need(
                "Licht mit Bewegungsmelder",
                "beleuchtung",
                "Smarte Laternen, die heller werden, sobald jemand kommt, und sonst gedimmt "
                "leuchten, wären hier ideal.",
            ),
            Need(
                "Hellere Beleuchtung",
                "sicherheit",
                "Die vorhandenen Lampen sind zu schwach und stehen zu weit auseinander; ein "
                "oder zwei zusätzliche smarte Leuchten würden viel helfen.",
            ),
            Need(
                "Insektenfreundliches Licht",
                "umwelt",
                "Warmweißes, nach unten gerichtetes Licht, das nachts gedimmt wird, schont "
                "Insekten und Fledermäuse.",
            ),
            Need(
                "Dimmbare LED-Laternen",
                "beleuchtung",
                "Die alten Leuchten könnten durch dimmbare LED-Laternen ersetzt werden, die "
                "nach Mitternacht Strom sparen.",
            ),
            Need(
                "Laterne mit Umweltsensor",
                "umwelt",
                "Eine smarte Laterne könnte gleich Temperatur und Luftfeuchte messen und die "
                "Werte auf der Datenplattform zeigen.",
            ),
            Need(
                "Lichtsäule mit Notrufknopf",
                "sicherheit",
                "Eine beleuchtete Säule mit Notrufknopf würde vielen ein sichereres Gefühl geben.",
            ),
            Need(
                "Licht nur bei Bedarf",
                "beleuchtung",
                "Nachts ist hier kaum jemand unterwegs; Licht, das nur bei Bedarf angeht, "
                "spart Energie und stört die Anwohnenden nicht.",
            ),
            Need(
                "Beleuchtete Querungshilfe",
                "sicherheit",
                "Eine gut ausgeleuchtete Querung, deren Licht Autofahrende rechtzeitig "
                "warnt, würde Fußgängerinnen und Fußgänger schützen.",
                only=("am Schulweg", "an der Haltestelle", "am Radweg", "auf dem Parkplatz"),
            ),
            Need(
                "Smarte Solarleuchten",
                "umwelt",
                "Solarbetriebene smarte Leuchten bräuchten keine neuen Kabel und wären "
                "schnell aufgestellt.",
            ),
            Need(
                "Laternen, die Ausfälle selbst melden",
                "sonstiges",
                "Die Laternen könnten Ausfälle selbst melden, damit kaputte Lampen schneller "
                "repariert werden.",
            ),
        ),
        (
            Place(
                "am Schulweg",
                "Viele Kinder gehen hier im Winter morgens im Dunkeln zur Schule.",
                "Fußweg zwischen Wohngebiet und Schule",
            ),
            Place(
                "am Spielplatz",
                "Am Spielplatz ist es abends stockdunkel, obwohl dort noch viele Leute mit "
                "Hunden unterwegs sind.",
                "Weg am Spielplatz",
            ),
            Place(
                "an der Haltestelle",
                "An der Haltestelle wartet man abends im Dunkeln, und der Weg dorthin ist "
                "schlecht beleuchtet.",
                "Bushaltestelle stadteinwärts",
            ),
            Place(
                "auf dem Parkplatz",
                "Auf dem Parkplatz fühlen sich viele nach Feierabend unwohl, weil man kaum "
                "etwas sieht.",
                "Parkplatz hinter der Kaufhalle",
            ),
            Place(
                "am Saaleufer",
                "Am Saaleufer sind abends Joggerinnen, Jogger und Radfahrende unterwegs, "
                "aber es gibt fast kein Licht.",
                "Uferweg an der Saale",
            ),
            Place(
                "am Radweg",
                "Der Radweg ist nach Einbruch der Dunkelheit kaum zu erkennen; Schlaglöcher "
                "sieht man erst spät.",
                "Radweg Richtung Innenstadt",
            ),
            Place(
                "im Park",
                "Der Weg durch den Park ist die kürzeste Verbindung, wird aber abends "
                "gemieden, weil er so dunkel ist.",
                "Hauptweg durch die Grünanlage",
            ),
            Place(
                "an der Unterführung",
                "Die Unterführung ist schon tagsüber düster und nachts ein Angstraum.",
                "Fußgängerunterführung unter den Gleisen",
            ),
            Place(
                "an der Treppe zum Wohngebiet",
                "Die Treppe ist steil und abends schlecht zu sehen – gerade für ältere "
                "Menschen gefährlich.",
                "Treppe vom Hang hinunter zur Straße",
            ),
            Place(
                "am Friedhofsweg",
                "Auf dem Weg am Friedhof gibt es auf mehreren hundert Metern keine einzige Lampe.",
                "Weg entlang der Friedhofsmauer",
            ),
        ),
        (
            "So würden sich mehr Menschen trauen, auch abends zu Fuß zu gehen.",
            "Das wäre ein guter Ort, um die Technik zu testen, bevor sie in die ganze Stadt kommt.",
            "Ich komme hier fast jeden Tag vorbei.",
            "Die Nachbarschaft hat schon oft darüber gesprochen.",
            "Wichtig wäre, dass das Licht die Anwohnenden nicht blendet.",
            "",
        ),
    ),
    "quarter": (
        (
            Need(
                "Schattige Sitzbänke",
                "treffpunkte",
                "Ein paar Bänke mit Schatten, mit Lehne und Armstützen, würden älteren "
                "Menschen das Unterwegssein erleichtern.",
            ),
            Need(
                "Digitale Abfahrtsanzeige",
                "mobilitaet",
                "Eine gut lesbare Anzeige der nächsten Abfahrten von Straßenbahn und Bus, "
                "mit Vorlesefunktion, wäre eine große Hilfe.",
                only=(
                    "an der Straßenbahnhaltestelle",
                    "am Einkaufszentrum",
                    "am Weg zum Klinikum",
                ),
            ),
            Need(
                "Treffpunkt für Ältere mit Technikhilfe",
                "treffpunkte",
                "Ein Raum, in dem sich Ältere treffen und bei Fragen zu Handy und Tablet "
                "Hilfe bekommen, fehlt im Viertel.",
            ),
            Need(
                "Barrierefreier Zugang",
                "mobilitaet",
                "Mit Rollator oder Kinderwagen kommt man hier kaum durch; eine Rampe oder "
                "ein Aufzug würde vieles ändern.",
            ),
            Need(
                "Nachbarschaftshilfe in der Quartiers-App",
                "digital",
                "In der Quartiers-App könnte man Einkaufshilfe oder Begleitung zum Arzt "
                "anbieten und finden.",
                only=("im Innenhof", "an der Kaufhalle", "am Stadtteilzentrum"),
            ),
            Need(
                "Telemedizin-Sprechstunde",
                "gesundheit",
                "Eine Telemedizin-Sprechstunde mit Unterstützung vor Ort würde lange Wege "
                "und Wartezeiten sparen.",
                only=("am Stadtteilzentrum", "am Einkaufszentrum"),
            ),
            Need(
                "Kostenloses WLAN",
                "digital",
                "Freies WLAN würde allen helfen, die zu Hause kein schnelles Internet haben.",
                only=(
                    "am Stadtteilzentrum",
                    "an der Straßenbahnhaltestelle",
                    "am Einkaufszentrum",
                    "am Spielplatz",
                    "im Innenhof",
                ),
            ),
            Need(
                "Bäume und Trinkbrunnen",
                "gesundheit",
                "Im Sommer wird es hier sehr heiß; Bäume und ein Trinkbrunnen würden das "
                "Viertel erträglicher machen.",
            ),
            Need(
                "Ladestation für E-Rollstühle und Pedelecs",
                "mobilitaet",
                "Eine Ladestation für E-Rollstühle und Pedelecs würde mehr Menschen mobil halten.",
                only=(
                    "an der Straßenbahnhaltestelle",
                    "am Einkaufszentrum",
                    "an der Kaufhalle",
                    "am Stadtteilzentrum",
                ),
            ),
            Need(
                "Sturzmelder für Alleinlebende",
                "gesundheit",
                "Ein freiwilliges Sensor-System, das nach einem Sturz Angehörige oder den "
                "Pflegedienst benachrichtigt, würde vielen Sicherheit geben.",
                only=("im Innenhof",),
            ),
        ),
        (
            Place(
                "am Stadtteilzentrum",
                "Am Stadtteilzentrum treffen sich jeden Tag viele Menschen aus dem Viertel.",
                "Platz vor dem Stadtteilzentrum",
            ),
            Place(
                "an der Straßenbahnhaltestelle",
                "An der Haltestelle steigen morgens Hunderte Menschen um, viele davon mit "
                "Einschränkungen.",
                "Straßenbahnhaltestelle Richtung Stadtzentrum",
            ),
            Place(
                "am Einkaufszentrum",
                "Rund um das Einkaufszentrum ist immer viel los, aber man kann sich "
                "nirgends hinsetzen.",
                "Vorplatz des Einkaufszentrums",
            ),
            Place(
                "am Weg zum Klinikum",
                "Auf dem Weg zum Klinikum sind viele Patientinnen, Patienten und Besuchende "
                "unterwegs.",
                "Fußweg zum Klinikum",
            ),
            Place(
                "am Spielplatz",
                "Am Spielplatz sitzen Großeltern oft lange in der prallen Sonne.",
                "Spielplatz zwischen den Wohnblöcken",
            ),
            Place(
                "im Innenhof",
                "In den Innenhöfen der großen Wohnblöcke wohnen viele Ältere, die nicht "
                "mehr weit laufen können.",
                "Innenhof der Wohnblöcke",
            ),
            Place(
                "am Schulweg",
                "Den Schulweg gehen jeden Morgen viele Kinder allein.",
                "Schulweg durch das Wohngebiet",
            ),
            Place(
                "an der Kaufhalle",
                "Die Kaufhalle ist für viele der wichtigste Ort im Alltag.",
                "Eingang der Kaufhalle",
            ),
        ),
        (
            "Davon hätten alle Generationen etwas.",
            "Ich wohne seit vielen Jahren hier und vermisse das sehr.",
            "Meine Mutter wohnt allein im Viertel und würde sich sehr freuen.",
            "Das würde Lobeda noch lebenswerter machen.",
            "",
        ),
    ),
    "budget": (
        (
            Need(
                "Neue Spielgeräte",
                "spielen-sport",
                "Die Spielgeräte sind in die Jahre gekommen; ein Klettergerüst und eine "
                "Nestschaukel würden den Ort wieder beleben.",
                only=("am Spielplatz", "im Park", "an der Schule", "auf dem Dorfplatz"),
            ),
            Need(
                "Öffentlicher Bücherschrank",
                "treffpunkte-kultur",
                "Ein wetterfester Bücherschrank zum Tauschen von Büchern wäre ein schöner "
                "Treffpunkt.",
            ),
            Need(
                "Trinkbrunnen",
                "gruen-umwelt",
                "Im Sommer fehlt hier frisches Trinkwasser – ein Trinkbrunnen wäre für "
                "alle eine Erleichterung.",
            ),
            Need(
                "Fahrradbügel",
                "verkehr",
                "Es gibt kaum Möglichkeiten, das Fahrrad sicher anzuschließen; ein paar "
                "Fahrradbügel würden reichen.",
                only=(
                    "an der Schule",
                    "an der Haltestelle",
                    "am Sportplatz",
                    "auf dem Dorfplatz",
                    "am Saaleufer",
                ),
            ),
            Need(
                "Obstbäume pflanzen",
                "gruen-umwelt",
                "Ein paar Obstbäume, um die sich die Nachbarschaft kümmert, würden die "
                "Fläche aufwerten.",
                only=(
                    "im Park",
                    "am Saaleufer",
                    "am Radweg",
                    "auf dem Dorfplatz",
                    "am Sportplatz",
                    "an der Schule",
                ),
            ),
            Need(
                "Sitzbänke aufstellen",
                "treffpunkte-kultur",
                "Hier fehlen Bänke, auf denen man sich ausruhen und unterhalten kann.",
            ),
            Need(
                "Insektenwiese anlegen",
                "gruen-umwelt",
                "Statt kurz gemähtem Rasen könnte hier eine Blühwiese für Insekten entstehen.",
                only=(
                    "im Park",
                    "am Saaleufer",
                    "am Radweg",
                    "auf dem Dorfplatz",
                    "am Sportplatz",
                    "an der Schule",
                ),
            ),
            Need(
                "Tischtennisplatte",
                "spielen-sport",
                "Eine Tischtennisplatte aus Beton wäre günstig und würde Jugendliche und "
                "Erwachsene zusammenbringen.",
                only=(
                    "am Spielplatz",
                    "im Park",
                    "an der Schule",
                    "am Sportplatz",
                    "auf dem Dorfplatz",
                ),
            ),
            Need(
                "Sichere Querung",
                "verkehr",
                "Eine Mittelinsel oder ein Zebrastreifen würde das Überqueren der Straße "
                "viel sicherer machen.",
                only=("an der Schule", "an der Haltestelle", "am Radweg", "am Spielplatz"),
            ),
            Need(
                "Kleine Freiluftbühne",
                "treffpunkte-kultur",
                "Eine kleine Bühne für Lesungen, Schulkonzerte und Nachbarschaftsfeste "
                "würde den Ort beleben.",
                only=("im Park", "auf dem Dorfplatz", "am Saaleufer", "an der Schule"),
            ),
        ),
        (
            Place(
                "am Spielplatz",
                "Der Spielplatz wird von vielen Familien genutzt.",
                "Spielplatz im Wohngebiet",
            ),
            Place(
                "an der Schule",
                "An der Schule sind jeden Tag Hunderte Kinder unterwegs.",
                "Vorplatz der Schule",
            ),
            Place(
                "am Saaleufer",
                "Am Saaleufer sind bei schönem Wetter sehr viele Menschen.",
                "Wiese am Saaleufer",
            ),
            Place(
                "an der Haltestelle",
                "An der Haltestelle warten morgens und abends viele Menschen.",
                "Haltestelle im Ortskern",
            ),
            Place(
                "im Park",
                "Der Park ist für viele die grüne Oase im Viertel.",
                "Rasenfläche im Park",
            ),
            Place(
                "auf dem Dorfplatz",
                "Der Dorfplatz ist der Mittelpunkt des Ortsteils.",
                "Dorfplatz an der Kirche",
            ),
            Place(
                "am Radweg",
                "Auf dem Radweg ist morgens viel Pendelverkehr.",
                "Radweg am Ortsausgang",
            ),
            Place(
                "am Sportplatz",
                "Am Sportplatz trainieren mehrere Vereine.",
                "Eingang zum Sportplatz",
            ),
        ),
        (
            "Die Kosten wären überschaubar.",
            "Mehrere Nachbarinnen und Nachbarn würden beim Aufbau helfen.",
            "Das würde den Ortsteil für alle Generationen schöner machen.",
            "",
        ),
    ),
}


@dataclass(frozen=True)
class FixedIdea:
    """A hand-written idea. ``point``: explicit (lon, lat); else sampled in ``district``
    when ``sample_point``, else no point (``place`` describes it)."""

    title: str
    text: str
    category: str
    author: int  # resident number
    district: str | None = None
    point: tuple[float, float] | None = None
    sample_point: bool = True
    place: str = ""
    status: str = ""
    response: str = ""
    answered_on: tuple[int, int, int] | None = None  # else during the evaluation phase
    measure_code: str = ""
    popularity: float = 8.0


FIXED_IDEAS: dict[str, tuple[FixedIdea, ...]] = {
    "lighting": (
        FixedIdea(
            "Testfeld Saaleufer: smarte Laternen am Paradiespark",
            "Der Weg am Saaleufer entlang des Paradiesparks ist abends voller Radfahrender "
            "und Joggerinnen, aber fast unbeleuchtet. Laternen, die bei Bewegung heller "
            "werden und sonst gedimmt bleiben, wären hier ein ideales Testfeld: viel "
            "Betrieb, und keine Wohnungen, deren Bewohner geblendet würden.",
            "beleuchtung",
            author=2,
            point=(11.5912, 50.9212),
        ),
        FixedIdea(
            "Schulweg am Westbahnhof heller machen",
            "Zwischen Westbahnhof und den Schulen ist der Fußweg im Winter morgens noch "
            "dunkel. Smarte Laternen mit Bewegungsmelder würden den Kindern helfen und "
            "nachts Strom sparen.",
            "sicherheit",
            author=8,
            point=(11.5735, 50.9245),
        ),
        FixedIdea(
            "Laternen als Messstationen für das Stadtklima",
            "Wenn ohnehin neue Laternen kommen, könnten sie Temperatur und Luftfeuchte "
            "messen. So sähe man auf der Datenplattform, wo sich die Stadt im Sommer am "
            "stärksten aufheizt.",
            "umwelt",
            author=5,
            district="Jena-Zentrum",
            sample_point=False,
            place="An mehreren Laternen in der Innenstadt, z. B. rund um den Markt",
            status=IdeaStatus.IN_REVIEW,
            response="Danke für die Idee! Der Kommunalservice prüft gemeinsam mit dem "
            "Projekt Stadtklima-Messnetz, ob die Testlaternen Sensoren tragen können.",
        ),
        FixedIdea(
            "Dunkle Unterführung am Saalbahnhof",
            "Die Unterführung am Saalbahnhof ist abends ein Angstraum. Helles, "
            "bedarfsgesteuertes Licht würde den Weg zum Bahnhof sicherer machen.",
            "sicherheit",
            author=19,
            point=(11.5985, 50.9375),
        ),
    ),
    "quarter": (
        FixedIdea(
            "Abfahrtsanzeige mit Vorlesefunktion an der Straßenbahn",
            "An der Haltestelle im Zentrum von Neulobeda steigen viele ältere und "
            "sehbehinderte Menschen um. Eine große Anzeige der nächsten Abfahrten, die auf "
            "Knopfdruck vorgelesen wird, wäre eine echte Hilfe.",
            "mobilitaet",
            author=3,
            district="Neulobeda",
            popularity=14.0,
            status=IdeaStatus.IN_REVIEW,
            response="Der Jenaer Nahverkehr prüft, ob die Anzeige mit der nächsten "
            "Erneuerung der Haltestelle kommen kann.",
        ),
        FixedIdea(
            "Telemedizin-Sprechstunde im Stadtteilzentrum",
            "Viele Ältere im Viertel warten wochenlang auf einen Termin. Eine "
            "Telemedizin-Sprechstunde im Stadtteilzentrum, bei der jemand vor Ort bei der "
            "Technik hilft, würde viele Wege sparen.",
            "gesundheit",
            author=15,
            district="Neulobeda",
            popularity=12.0,
        ),
        FixedIdea(
            "Schattige Bänke auf dem Weg zum Klinikum",
            "Der Weg von der Straßenbahn zum Klinikum ist für viele zu lang, um ihn ohne "
            "Pause zu gehen. Ein paar Bänke im Schatten würden reichen.",
            "treffpunkte",
            author=13,
            district="Lobeda-Altstadt",
            popularity=10.0,
        ),
    ),
    "budget": (
        FixedIdea(
            "Öffentliches WLAN im Stadtteilzentrum Winzerla",
            "Im Stadtteilzentrum Winzerla gibt es Kurse, Beratung und einen Treffpunkt – "
            "aber kein freies WLAN. Gerade für Menschen ohne eigenen Internetanschluss wäre "
            "das wichtig.",
            "treffpunkte-kultur",
            author=1,
            district="Winzerla",
            popularity=15.0,
            status=IdeaStatus.IMPLEMENTED,
            response="Umgesetzt: Seit Oktober 2025 gibt es im Stadtteilzentrum Winzerla "
            "freies WLAN. Die Idee ist in die Maßnahme „Öffentliches WLAN in "
            "Stadtteilzentren“ eingeflossen, die nun weitere Stadtteilzentren ausstattet. "
            "Vielen Dank!",
            answered_on=(2025, 10, 20),
            measure_code="6.4",
        ),
        FixedIdea(
            "Mülleimer mit Füllstandssensor am Saaleufer",
            "An schönen Tagen quellen die Mülleimer an den Saalewiesen über, an anderen "
            "werden sie halb leer geleert. Sensoren, die melden, wann ein Eimer voll ist, "
            "würden beides verhindern.",
            "gruen-umwelt",
            author=6,
            district="Jena-Zentrum",
            popularity=13.0,
            status=IdeaStatus.ACCEPTED,
            response="Angenommen: Der Kommunalservice testet Füllstandssensoren zuerst an "
            "den Saalewiesen. Die Idee ist in die Maßnahme „Füllstandssensoren für "
            "öffentliche Abfallbehälter“ eingeflossen.",
            measure_code="2.3",
        ),
        FixedIdea(
            "Barrierefrei online über das Bürgerbudget abstimmen",
            "Wer nicht zu den Abstimmungsterminen kommen kann, sollte online abstimmen "
            "können – auch mit Screenreader und in Leichter Sprache.",
            "treffpunkte-kultur",
            author=27,
            district="Jena-Zentrum",
            sample_point=False,
            place="Online, für ganz Jena",
            popularity=11.0,
            status=IdeaStatus.ACCEPTED,
            response="Angenommen: Ab dem Bürgerbudget 2026 kann barrierefrei online "
            "abgestimmt werden. Die Idee ist in die Maßnahme „Barrierefreie "
            "Online-Abstimmung zum Bürgerbudget“ eingeflossen.",
            measure_code="4.4",
        ),
        FixedIdea(
            "Trinkbrunnen auf dem Marktplatz",
            "Auf dem Markt ist es im Sommer heiß, und es gibt nirgends kostenlos Wasser. "
            "Ein Trinkbrunnen wäre für Marktbesucher, Kinder und Touristen gut.",
            "gruen-umwelt",
            author=35,
            point=(11.5893, 50.9280),
            popularity=12.0,
            status=IdeaStatus.IMPLEMENTED,
            response="Umgesetzt: Der Trinkbrunnen am Markt ist seit Juni 2026 in Betrieb.",
            answered_on=(2026, 6, 12),
        ),
        FixedIdea(
            "Große Skateanlage in Lobeda",
            "Jugendliche in Lobeda haben keinen Ort zum Skaten. Eine große Skateanlage mit "
            "Bowl und Street-Bereich würde das ändern.",
            "spielen-sport",
            author=24,
            district="Neulobeda",
            popularity=9.0,
            status=IdeaStatus.REJECTED,
            response="Leider abgelehnt: Eine Skateanlage kostet geschätzt 180.000 Euro und "
            "sprengt den Rahmen des Bürgerbudgets (höchstens 15.000 Euro je Idee). Wir "
            "haben die Idee an den Fachdienst Sport weitergegeben, der sie in die "
            "Sportstättenplanung aufnimmt.",
        ),
    ),
}

# Where the generated ideas of city-wide projects lie: the bigger Ortsteile get more.
DISTRICT_WEIGHTS = {
    "Jena-Zentrum": 8,
    "Jena-Nord": 7,
    "Jena-West": 6,
    "Jena-Süd": 6,
    "Wenigenjena": 6,
    "Neulobeda": 7,
    "Lobeda-Altstadt": 3,
    "Winzerla": 6,
    "Burgau": 2,
    "Göschwitz": 2,
    "Ammerbach": 2,
    "Lichtenhain": 2,
    "Kernberge": 2,
    "Wöllnitz": 2,
    "Ziegenhain": 2,
    "Zwätzen": 3,
    "Löbstedt": 2,
    "Drackendorf": 2,
}

COMMENT_TEXTS = (
    "Gute Idee, das unterstütze ich!",
    "Genau das habe ich mir auch schon gedacht. Hier fehlt es wirklich.",
    "Ich komme hier täglich vorbei und kann das nur bestätigen.",
    "Sehr sinnvoll – vor allem für Kinder und ältere Menschen.",
    "Bitte unbedingt umsetzen, am besten noch vor dem nächsten Winter.",
    "Klingt gut, aber wer bezahlt den Betrieb und die Wartung?",
    "Ich bin skeptisch: Ist das an dieser Stelle wirklich das Wichtigste?",
    "Gibt es dazu schon Erfahrungen aus anderen Städten?",
    "Wäre eine einfachere Lösung nicht günstiger?",
    "Dazu gab es schon einmal einen Antrag im Ortsteilrat, leider ohne Ergebnis.",
    "Vielleicht lässt sich das mit dem Umbau der Straße verbinden, der ohnehin geplant ist.",
    "In einem Nachbarort gibt es so etwas schon, und es funktioniert gut.",
    "Ich wohne direkt nebenan und fände das prima.",
)
REPLY_TEXTS = (
    "Danke für den Hinweis, das wusste ich nicht.",
    "Das sehe ich anders: Gerade hier wäre es besonders wichtig.",
    "Stimmt, daran hatte ich nicht gedacht.",
    "Die Kosten wären überschaubar, wenn man es mit anderen Arbeiten verbindet.",
    "Guter Punkt! Vielleicht kann die Stadt dazu etwas sagen.",
)

# Comments on measures (code, resident, text, reply: (resident, text) or None) and on
# projects (slug, resident, text).
MEASURE_COMMENTS: tuple[tuple[str, int, str, tuple[int, str] | None], ...] = (
    (
        "2.2",
        17,
        "Schön, dass die Bäume jetzt nach Bedarf gegossen werden. Kann man die "
        "Bodenfeuchte irgendwo sehen?",
        (9, "Ja, auf der Datenplattform gibt es eine Karte mit den Sensoren."),
    ),
    (
        "3.4",
        4,
        "Wird es die Quartiers-App auch in einfacher Sprache und auf Russisch und "
        "Arabisch geben? Viele Nachbarn würden sie sonst nicht nutzen.",
        None,
    ),
    (
        "4.2",
        26,
        "Gut, dass man jetzt online mitreden kann. Bitte aber weiter auch "
        "Veranstaltungen vor Ort anbieten.",
        (31, "Sehe ich genauso, nicht alle sind online."),
    ),
    ("6.4", 36, "Das WLAN im Stadtteilzentrum funktioniert super – danke!", None),
)
PROJECT_COMMENTS: tuple[tuple[str, int, str], ...] = (
    (
        "smarte-strassenbeleuchtung",
        14,
        "Wird es auch eine Veranstaltung geben, bei der man sich die Testlaternen ansehen kann?",
    ),
    (
        "smarte-strassenbeleuchtung",
        22,
        "Bitte bei der Auswahl auch an die kleinen Ortsteile denken, nicht nur an die Innenstadt.",
    ),
    (
        "smartes-quartier-lobeda",
        33,
        "Schade, dass man nur drei Stimmen hat – es gibt so viele gute Ideen!",
    ),
)

# The moderation case: a heated comment that was reported and hidden with a statement of
# reasons (its author, resident 1, sees the statement when signed in), and a report that
# still waits in the queue.
HIDDEN_COMMENT = (
    "So ein Quatsch. Wer so etwas vorschlägt, war offensichtlich noch nie abends hier "
    "unterwegs – erst denken, dann schreiben!"
)
HIDDEN_STATEMENT = (
    "Der Kommentar greift die Verfasserin bzw. den Verfasser der Idee persönlich an, statt "
    "sich mit der Idee auseinanderzusetzen. Das verstößt gegen unsere Diskussionsregeln "
    "(respektvoller Umgang, keine Beleidigungen). Sachliche Kritik an der Idee ist "
    "jederzeit willkommen."
)
SPAM_COMMENT = (
    "Wer Solarleuchten braucht: Ich verkaufe welche aus Restposten sehr günstig, einfach "
    "per Nachricht bei mir melden!"
)


# --- results ------------------------------------------------------------------------------


@dataclass
class LoadResult:
    created: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    moderator: object | None = None
    moderator_login: bool = False

    def add(self, kind: str, n: int = 1) -> None:
        self.created[kind] += n


# --- geometry -----------------------------------------------------------------------------


class _Districts:
    """The districts with parsed boundaries; point sampling that agrees with
    ``district_for_point`` (the first district by name that covers the point)."""

    def __init__(self, districts: list[District]):
        self.by_name = {d.name: d for d in districts}
        self.ordered = sorted(districts, key=lambda d: d.name)
        self.geometry = {d.name: geometry_from_geojson(d.boundary) for d in districts}
        self.prepared = {name: geom.prepared for name, geom in self.geometry.items()}

    def derive(self, lon: float, lat: float) -> str | None:
        point = Point(lon, lat, srid=4326)
        for district in self.ordered:
            if self.prepared[district.name].covers(point):
                return district.name
        return None

    def sample(self, rng: random.Random, name: str, *, inside=None) -> tuple[float, float]:
        xmin, ymin, xmax, ymax = self.geometry[name].extent
        for _attempt in range(2000):
            lon = round(rng.uniform(xmin, xmax), 6)
            lat = round(rng.uniform(ymin, ymax), 6)
            if self.derive(lon, lat) != name:
                continue
            if inside is not None and not inside.covers(Point(lon, lat, srid=4326)):
                continue
            return lon, lat
        raise DemoDataMissing(f"No point found in the district {name}.")


def _area_around(districts: _Districts, names: tuple[str, ...]) -> dict | None:
    """A polygon around the named districts: their union, widened by ~30 m so shared
    borders leave no gaps, simplified so the map draws it quickly."""
    geometries = [districts.geometry[name] for name in names if name in districts.geometry]
    if not geometries:
        return None
    union = geometries[0]
    for geometry in geometries[1:]:
        union = union.union(geometry)
    area = union.buffer(0.0004).simplify(0.0002, preserve_topology=True)
    return json.loads(area.geojson)


def _point(lon_lat: tuple[float, float] | None) -> dict | None:
    if lon_lat is None:
        return None
    return {"type": "Point", "coordinates": [lon_lat[0], lon_lat[1]]}


# --- the plan (pure: the same on every run) -------------------------------------------------


@dataclass
class IdeaPlan:
    title: str
    text: str
    category: str
    author: int
    district: str
    point: tuple[float, float] | None
    place: str
    created_at: datetime.datetime
    popularity: float
    fixed: FixedIdea | None = None


@dataclass
class CommentPlan:
    idea: str  # title
    author: int
    text: str
    at: datetime.datetime
    reply_to: int | None = None  # index in the same idea's comment plans


def _spread(rng: random.Random, start: datetime.datetime, end: datetime.datetime):
    """A moment between ``start`` and ``end``, in the waking hours where possible."""
    seconds = max((end - start).total_seconds(), 60)
    moment = start + datetime.timedelta(seconds=rng.uniform(0, seconds))
    if timezone.localtime(moment).hour < 7:
        moment = min(moment + 7 * HOUR, max(end, start))
    return moment


def _plan_ideas(
    rng: random.Random,
    spec: ProjectSpec,
    districts: _Districts,
    area,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
) -> list[IdeaPlan]:
    needs, places, closings = TEMPLATES[spec.key]
    if spec.district_names:
        names = [n for n in spec.district_names if n in districts.by_name]
        weights = [1.0] * len(names)
    else:
        names = [d.name for d in districts.ordered]
        weights = [DISTRICT_WEIGHTS.get(n, 1) for n in names]
    plans: list[IdeaPlan] = []
    for fixed in FIXED_IDEAS[spec.key]:
        if fixed.point is not None:
            point = fixed.point
            district = districts.derive(*point) or fixed.district or names[0]
        else:
            district = fixed.district if fixed.district in districts.by_name else names[0]
            point = districts.sample(rng, district, inside=area) if fixed.sample_point else None
        plans.append(
            IdeaPlan(
                title=fixed.title,
                text=fixed.text,
                category=fixed.category,
                author=fixed.author,
                district=district,
                point=point,
                place=fixed.place,
                created_at=_spread(rng, start, start + (end - start) / 3),
                popularity=fixed.popularity,
                fixed=fixed,
            )
        )
    titles = {plan.title for plan in plans}
    for _attempt in range(100 * spec.generated_ideas):
        if len(plans) >= len(FIXED_IDEAS[spec.key]) + spec.generated_ideas:
            break
        need = rng.choice(needs)
        place = rng.choice([p for p in places if not need.only or p.phrase in need.only])
        district = rng.choices(names, weights)[0]
        title = f"{need.title} {place.phrase} in {district}"
        if title in titles:
            continue
        titles.add(title)
        without_point = rng.random() < spec.without_point_share
        point = None if without_point else districts.sample(rng, district, inside=area)
        closing = rng.choice(closings)
        text = " ".join(part for part in (place.problem, need.proposal, closing) if part)
        plans.append(
            IdeaPlan(
                title=title,
                text=text,
                category=need.category,
                author=rng.randint(1, len(RESIDENTS)),
                district=district,
                point=point,
                place=place.description if without_point or rng.random() < 0.2 else "",
                created_at=_spread(rng, start, end),
                popularity=rng.paretovariate(1.6),
            )
        )
    plans.sort(key=lambda plan: plan.created_at)
    return plans


def _plan_comments(
    rng: random.Random,
    ideas: list[IdeaPlan],
    *,
    floor: datetime.datetime,
    end: datetime.datetime,
) -> list[CommentPlan]:
    """Comments on some ideas (more on the hand-written ones), some with a reply, written
    between ``floor`` (or an hour after the idea) and ``end``."""
    plans: list[CommentPlan] = []
    for idea in ideas:
        count = rng.choices((0, 1, 2, 3, 4, 6), (45, 25, 15, 8, 5, 2))[0]
        if idea.fixed is not None:
            count = max(count, 3)
        seen: set[tuple[int, str]] = set()
        for _n in range(count):
            author = rng.randint(1, len(RESIDENTS))
            text = rng.choice(COMMENT_TEXTS)
            at = _spread(rng, max(idea.created_at + HOUR, floor), end)
            if (author, text) in seen or author == idea.author:
                continue
            seen.add((author, text))
            plans.append(CommentPlan(idea.title, author, text, at))
            if rng.random() < 0.3:
                replier = rng.choice((idea.author, rng.randint(1, len(RESIDENTS))))
                reply = rng.choice(REPLY_TEXTS)
                if replier != author and (replier, reply) not in seen:
                    seen.add((replier, reply))
                    plans.append(
                        CommentPlan(
                            idea.title,
                            replier,
                            reply,
                            _spread(rng, at, end),
                            reply_to=len(plans) - 1,
                        )
                    )
    return plans


def _plan_votes(
    rng: random.Random,
    ideas: list[IdeaPlan],
    *,
    per_person: int,
    start: datetime.datetime,
    end: datetime.datetime,
) -> list[tuple[int, str, datetime.datetime]]:
    """(resident, idea title, when): each resident supports 1 to ``per_person`` ideas,
    the popular ones more often. The first demo resident supports one idea only, so the
    printed demo login still has votes to try out."""
    votes: list[tuple[int, str, datetime.datetime]] = []
    weights = [idea.popularity for idea in ideas]
    for resident in range(1, len(RESIDENTS) + 1):
        wanted = 1 if resident == 1 else rng.randint(1, per_person)
        chosen: list[str] = []
        for _attempt in range(wanted * 4):
            if len(chosen) >= wanted:
                break
            title = rng.choices(ideas, weights)[0].title
            if title not in chosen:
                chosen.append(title)
        votes.extend((resident, title, _spread(rng, start, end)) for title in chosen)
    return votes


@dataclass
class ResponsePlan:
    idea: str  # title
    status: str
    response: str
    at: datetime.datetime
    measure_code: str = ""


ACCEPTED_RESPONSES = (
    "Angenommen: Die Idee gehört zu den meistunterstützten in ihrem Ortsteil. Die "
    "Umsetzung ist für 2026 geplant; wir berichten hier über den Stand.",
    "Angenommen: Der Fachdienst hat Kosten und Standort geprüft. Die Umsetzung beginnt im "
    "Frühjahr 2027.",
)
# (answer, answered between): the answer says when it was done.
IMPLEMENTED_RESPONSES = (
    (
        "Umgesetzt: Die Idee wurde im Herbst 2025 verwirklicht. Vielen Dank für Ihr Engagement!",
        (2025, 10, 15),
        (2025, 12, 15),
    ),
    ("Umgesetzt im Frühjahr 2026. Schauen Sie gern vorbei!", (2026, 4, 1), (2026, 6, 20)),
)
REJECTED_RESPONSES = (
    "Leider abgelehnt: Die Idee hat in der Abstimmung zu wenig Unterstützung erhalten. Sie "
    "können sie beim nächsten Bürgerbudget erneut einreichen.",
    "Leider abgelehnt: Die Fläche gehört nicht der Stadt, und die Eigentümerin hat einer "
    "Nutzung nicht zugestimmt.",
    "Leider abgelehnt: An dieser Stelle ist bereits ein Umbau geplant, der das Anliegen "
    "aufgreift. Wir haben Ihre Idee an die Planung weitergegeben.",
    "Leider abgelehnt: Die geschätzten Kosten liegen über 15.000 Euro, dem Rahmen des "
    "Bürgerbudgets je Idee.",
)
IN_REVIEW_RESPONSES = (
    "Die Prüfung ist noch nicht abgeschlossen: Der Fachdienst klärt die Zuständigkeit mit "
    "der Eigentümerin der Fläche.",
)
FIRST_LOOK_RESPONSE = (
    "Danke für den Vorschlag! Der Kommunalservice sieht sich den Ort an und prüft, ob dort "
    "ein Testmast möglich ist."
)


def _plan_responses(
    rng: random.Random, spec: ProjectSpec, ideas: list[IdeaPlan], *, now: datetime.datetime
) -> list[ResponsePlan]:
    """The hand-written answers; in the finished budget project an answer for every
    idea, by popularity (the top accepted or implemented, most of the rest rejected); in
    the running lighting project a first look at a few ideas."""
    plans: list[ResponsePlan] = []
    if spec.key == "budget":
        evaluation = _phase(spec, Phase.Type.EVALUATION)
        answered_at = _spread(rng, evaluation.start + 14 * DAY, evaluation.end)
        ranked = sorted(ideas, key=lambda idea: -idea.popularity)
        for rank, idea in enumerate(ranked):
            share = rank / len(ranked)
            at = _spread(rng, evaluation.start + 14 * DAY, evaluation.end)
            if idea.fixed is not None and idea.fixed.status:
                status, response = idea.fixed.status, idea.fixed.response
                if idea.fixed.answered_on is not None:
                    at = _at(*idea.fixed.answered_on) + 10 * HOUR
            elif share < 0.10:
                response, first, last = rng.choice(IMPLEMENTED_RESPONSES)
                status, at = IdeaStatus.IMPLEMENTED, _spread(rng, _at(*first), _at(*last))
            elif share < 0.35:
                status, response = IdeaStatus.ACCEPTED, rng.choice(ACCEPTED_RESPONSES)
            elif share < 0.94:
                status, response = IdeaStatus.REJECTED, rng.choice(REJECTED_RESPONSES)
            else:
                status, response, at = (IdeaStatus.IN_REVIEW, IN_REVIEW_RESPONSES[0], answered_at)
            at = min(at, now - HOUR)  # dated answers on a clock set before that day
            plans.append(
                ResponsePlan(
                    idea.title,
                    status,
                    response,
                    at,
                    idea.fixed.measure_code if idea.fixed is not None else "",
                )
            )
        return plans
    for idea in ideas:
        if idea.fixed is not None and idea.fixed.status:
            plans.append(
                ResponsePlan(
                    idea.title,
                    idea.fixed.status,
                    idea.fixed.response,
                    now - datetime.timedelta(days=rng.uniform(1, 5)),
                    idea.fixed.measure_code,
                )
            )
    if spec.key == "lighting":
        for idea in rng.sample([i for i in ideas if i.fixed is None], 4):
            plans.append(
                ResponsePlan(
                    idea.title,
                    IdeaStatus.IN_REVIEW,
                    FIRST_LOOK_RESPONSE,
                    now - datetime.timedelta(days=rng.uniform(1, 5)),
                )
            )
    return plans


@dataclass
class ProjectPlan:
    ideas: list[IdeaPlan]
    comments: list[CommentPlan]
    votes: list[tuple[int, str, datetime.datetime]]
    responses: list[ResponsePlan]
    # True when no phase allowing comments runs any more: comments are written as rows.
    comments_historic: bool = False


def plan_project(
    rng: random.Random, spec: ProjectSpec, districts: _Districts, *, now: datetime.datetime
) -> ProjectPlan:
    """Everything the project should hold, computed from ``rng`` and the districts only
    (not from the database), so every run plans the same."""
    ideas_phase = _phase(spec, Phase.Type.IDEAS)
    voting = _phase(spec, Phase.Type.VOTING)
    area = None
    if spec.area_from_districts:
        geojson = _area_around(districts, spec.district_names)
        area = geometry_from_geojson(geojson) if geojson else None
    ideas = _plan_ideas(
        rng,
        spec,
        districts,
        area,
        start=ideas_phase.start,
        end=min(ideas_phase.end, now - HOUR),
    )
    comments_historic = False
    if ideas_phase.end > now:  # comments while the ideas phase runs
        floor, end = ideas_phase.start, now
    elif voting.end > now:  # comments while the voting phase runs
        floor, end = voting.start, now
    else:  # history: comments during the ideas and voting phases
        floor, end, comments_historic = ideas_phase.start, voting.end, True
    comments = _plan_comments(rng, ideas, floor=floor, end=end)
    votes = []
    if voting.start < now:
        votes = _plan_votes(
            rng,
            ideas,
            per_person=voting.votes_per_person or 3,
            start=voting.start,
            end=min(voting.end, now),
        )
    return ProjectPlan(
        ideas=ideas,
        comments=comments,
        votes=votes,
        responses=_plan_responses(rng, spec, ideas, now=now),
        comments_historic=comments_historic,
    )


# --- accounts -----------------------------------------------------------------------------


def _verified(user, email: str) -> None:
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )


def _login_ready(user, password: str, *, allowed: bool) -> None:
    """Set the printed demo password when allowed (and it does not work yet); otherwise
    leave the account as it is (new accounts have no usable password)."""
    if allowed and not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])


def residents_ensure(result: LoadResult, *, login: bool) -> dict[int, object]:
    user_model = get_user_model()
    districts = {d.name: d for d in District.objects.only("pk", "name")}
    emails = [resident_email(n) for n in range(1, len(RESIDENTS) + 1)]
    existing = {u.email: u for u in user_model.objects.filter(email__in=emails)}
    residents = {}
    for number, email in enumerate(emails, start=1):
        user = existing.get(email)
        if user is None:
            _name, _female, district = RESIDENTS[number - 1]
            user = user_model.objects.create_user(
                email=email,
                password=None,
                display_name=resident_name(number),
                home_district=districts.get(district),
            )
            result.add("residents")
        _verified(user, email)
        residents[number] = user
    _login_ready(residents[1], RESIDENT_PASSWORD, allowed=login)
    return residents


def moderator_ensure(result: LoadResult, *, login: bool):
    user_model = get_user_model()
    user = user_model.objects.filter(email=MODERATOR_EMAIL).first()
    if user is None:
        user = user_model.objects.create_user(
            email=MODERATOR_EMAIL, password=None, display_name=MODERATOR_NAME
        )
        result.add("moderators")
    elif not user.is_active and login:
        user.is_active = True
        user.save(update_fields=["is_active"])
    _verified(user, MODERATOR_EMAIL)
    _login_ready(user, MODERATOR_PASSWORD, allowed=login)
    return user


# --- projects -----------------------------------------------------------------------------


def project_ensure(spec: ProjectSpec, districts: _Districts, result: LoadResult, moderator):
    """The project with its links, categories and phases (what is missing of them), and
    the demo moderator as its moderator. Only a project created by this run is published:
    one an administrator set back to draft stays a draft."""
    project = Project.objects.filter(slug=spec.slug).first()
    created = project is None
    if created:
        area = _area_around(districts, spec.district_names) if spec.area_from_districts else None
        project = project_services.project_save(
            project=Project(
                title=spec.title,
                slug=spec.slug,
                summary=spec.summary,
                description=spec.description,
                responsible_unit=OrganisationalUnit.objects.filter(slug=spec.unit).first(),
                area=area,
            ),
            actor=None,
        )
        # Links are many-to-many rows, set after saving (as the admin's form does).
        project.measures.set(Measure.objects.filter(code__in=spec.measure_codes))
        project.districts.set(
            [districts.by_name[n] for n in spec.district_names if n in districts.by_name]
        )
        result.add("projects")

    have = set(project.categories.values_list("slug", flat=True))
    missing = [Category(name=name, slug=slug) for slug, name in spec.categories if slug not in have]
    if missing:
        project_services.project_categories_save(
            project=project, categories=missing, deleted=[], actor=None
        )
        result.add("categories", len(missing))

    have_types = set(project.phases.values_list("type", flat=True))
    phases = [
        Phase(
            type=p.type,
            title=p.title,
            description=p.description,
            start=p.start,
            end=p.end,
            allows_ideas=p.ideas,
            allows_comments=p.comments,
            allows_votes=p.votes,
            votes_per_person=p.votes_per_person,
        )
        for p in spec.phases
        if p.type not in have_types
    ]
    if phases:
        try:
            project_services.project_phases_save(
                project=project, phases=phases, deleted=[], actor=None
            )
            result.add("phases", len(phases))
        except ValidationError:
            # Phases changed during a demo so that ours would overlap them: keep theirs.
            result.skipped["phases"] += len(phases)
    if created:
        project_services.project_publish(project=project, actor=None)
    project_services.project_moderator_grant(project=project, holder=moderator, actor=None)
    return project


# --- writing the plan -----------------------------------------------------------------------


def _backdate(model, pk: int, **moments: datetime.datetime) -> None:
    """Move the timestamps of a row just written into the demo's past (see the module
    docstring); no rule depends on them afterwards."""
    model.objects.filter(pk=pk).update(**moments)


def ideas_apply(
    project: Project,
    plans: list[IdeaPlan],
    residents: dict,
    result: LoadResult,
    *,
    historic: bool,
) -> dict[str, Idea]:
    """Create the planned ideas that are missing; return all of the project's ideas by
    title. ``historic``: the ideas phase is over, so the rows are written directly, with
    the district derived from the point as ``idea_create`` does it."""
    ideas = {idea.title: idea for idea in project.ideas.all()}
    categories = {c.slug: c for c in project.categories.all()}
    districts = {d.name: d for d in District.objects.only("pk", "name")}
    area = geometry_from_geojson(project.area) if project.area else None
    for plan in plans:
        if plan.title in ideas:
            continue
        author, location = residents[plan.author], _point(plan.point)
        district = districts.get(plan.district)
        if historic:
            if location is not None:
                if area is not None and not area.covers(Point(*plan.point, srid=4326)):
                    result.skipped["ideas"] += 1  # the area was changed during a demo
                    continue
                district = district_for_point(lon=plan.point[0], lat=plan.point[1]) or district
            idea = Idea.objects.create(
                project=project,
                author=author,
                title=plan.title,
                text=plan.text,
                category=categories.get(plan.category),
                location=location,
                district=district,
                place_description=plan.place,
            )
        else:
            try:
                idea = idea_create(
                    author=author,
                    project=project,
                    title=plan.title,
                    text=plan.text,
                    category=categories.get(plan.category),
                    location=location,
                    district=district,
                    place_description=plan.place,
                )
            except REFUSALS:
                result.skipped["ideas"] += 1  # e.g. a later run after the ideas phase
                continue
        _backdate(Idea, idea.pk, created_at=plan.created_at, updated_at=plan.created_at)
        ideas[plan.title] = idea
        result.add("ideas")
    return ideas


def comments_apply(
    plans: list[CommentPlan],
    ideas: dict[str, Idea],
    residents: dict,
    result: LoadResult,
    *,
    historic: bool,
) -> None:
    idea_pks = [idea.pk for idea in ideas.values()]
    existing = {
        (c.idea_id, c.author_id, c.text): c for c in Comment.objects.filter(idea__in=idea_pks)
    }
    made: dict[int, Comment] = {}
    for index, plan in enumerate(plans):
        idea, author = ideas.get(plan.idea), residents[plan.author]
        if idea is None:
            continue
        key = (idea.pk, author.pk, plan.text)
        comment = existing.get(key)
        if comment is None:
            parent = made.get(plan.reply_to) if plan.reply_to is not None else None
            if plan.reply_to is not None and parent is None:
                continue
            if historic:
                comment = Comment.objects.create(
                    idea=idea, author=author, text=plan.text, parent=parent
                )
            else:
                try:
                    comment = comment_create(
                        author=author, text=plan.text, idea=idea, parent=parent
                    )
                except REFUSALS:
                    result.skipped["comments"] += 1
                    continue
            _backdate(Comment, comment.pk, created_at=plan.at)
            existing[key] = comment
            result.add("comments")
        made[index] = comment


def votes_apply(
    plans: list[tuple[int, str, datetime.datetime]],
    ideas: dict[str, Idea],
    residents: dict,
    result: LoadResult,
    *,
    historic_phase: Phase | None,
) -> None:
    """``historic_phase``: the voting phase is over, the rows are written directly (the
    plan keeps its limit of votes per person); else ``vote_cast`` while it runs."""
    idea_pks = [idea.pk for idea in ideas.values()]
    existing = set(Vote.objects.filter(idea__in=idea_pks).values_list("user_id", "idea_id"))
    for resident, title, at in plans:
        idea, user = ideas.get(title), residents[resident]
        if idea is None or (user.pk, idea.pk) in existing:
            continue
        if historic_phase is not None:
            vote = Vote.objects.create(user=user, idea=idea, phase=historic_phase)
        else:
            try:
                vote = vote_cast(user=user, idea=idea)
            except REFUSALS:
                result.skipped["votes"] += 1  # phase over, or the person used their votes
                continue
        _backdate(Vote, vote.pk, created_at=at)
        existing.add((user.pk, idea.pk))
        result.add("votes")


def responses_apply(
    plans: list[ResponsePlan],
    ideas: dict[str, Idea],
    moderator,
    result: LoadResult,
) -> None:
    """The city's answers, only on ideas nobody has answered yet."""
    measures = {
        m.code: m
        for m in Measure.objects.filter(code__in=[p.measure_code for p in plans if p.measure_code])
    }
    for plan in plans:
        idea = ideas.get(plan.idea)
        if idea is None or idea.status != IdeaStatus.SUBMITTED or idea.official_response:
            continue
        try:
            idea_set_status_and_response(
                idea=idea,
                actor=moderator,
                status=plan.status,
                official_response=plan.response,
                measure=measures.get(plan.measure_code),
            )
        except REFUSALS:
            result.skipped["responses"] += 1
            continue
        _backdate(Idea, idea.pk, official_response_at=plan.at)
        result.add("responses")


def target_comments_apply(
    projects: dict[str, Project], residents: dict, result: LoadResult, *, now
) -> None:
    """A few comments on measures (with replies) and on projects."""
    rng = random.Random(f"{SEED}-targets")
    measures = {
        m.code: m
        for m in Measure.objects.filter(code__in=[code for code, *_rest in MEASURE_COMMENTS])
    }
    for code, author, text, reply in MEASURE_COMMENTS:
        at = now - datetime.timedelta(days=rng.uniform(5, 60))
        measure = measures.get(code)
        if measure is None:
            continue
        comment = _comment_once(result, residents[author], text, at=at, measure=measure)
        if comment is not None and reply is not None:
            _comment_once(
                result,
                residents[reply[0]],
                reply[1],
                at=at + DAY,
                measure=measure,
                parent=comment,
            )
    by_slug = {p.slug: p for p in projects.values()}
    for slug, author, text in PROJECT_COMMENTS:
        at = now - datetime.timedelta(days=rng.uniform(1, 14))
        if slug in by_slug:
            _comment_once(result, residents[author], text, at=at, project=by_slug[slug])


def _comment_once(result: LoadResult, author, text: str, *, at, parent=None, **target):
    existing = Comment.objects.filter(author=author, text=text, **target).first()
    if existing is not None:
        return existing
    try:
        comment = comment_create(author=author, text=text, parent=parent, **target)
    except REFUSALS:
        result.skipped["comments"] += 1
        return None
    _backdate(Comment, comment.pk, created_at=at)
    result.add("comments")
    return comment


def moderation_apply(
    ideas: dict[str, Idea], residents: dict, moderator, result: LoadResult, *, now
) -> None:
    """A reported and hidden comment with its statement of reasons, and one report that
    still waits in the moderation queue (both in the project whose ideas phase runs)."""
    lighting = FIXED_IDEAS["lighting"]
    target = ideas.get(lighting[0].title)
    if target is not None:
        comment = _comment_once(result, residents[1], HIDDEN_COMMENT, at=now - 6 * DAY, idea=target)
        if comment is not None and not comment.moderation_decisions.exists():
            try:
                flag_create(
                    reporter=residents[5],
                    reason=FlagReason.INSULT,
                    text="Das ist ein persönlicher Angriff auf die Verfasserin der Idee.",
                    comment=comment,
                )
                result.add("reports")
                content_hide(
                    moderator=moderator,
                    comment=comment,
                    rule=FlagReason.INSULT,
                    statement=HIDDEN_STATEMENT,
                )
                result.add("moderation_decisions")
            except REFUSALS:
                result.skipped["moderation"] += 1
    target = ideas.get(lighting[1].title)
    if target is not None:
        spam = _comment_once(result, residents[12], SPAM_COMMENT, at=now - 2 * DAY, idea=target)
        if spam is not None and not Flag.objects.filter(comment=spam).exists():
            try:
                flag_create(
                    reporter=residents[3],
                    reason=FlagReason.SPAM,
                    text="Werbung für einen privaten Verkauf.",
                    comment=spam,
                )
                result.add("reports")
            except REFUSALS:
                result.skipped["moderation"] += 1


# --- photos -------------------------------------------------------------------------------

# Hand-written ideas with a photo: title -> (scene, alternative text). The scenes are
# drawn by ``demo.photos.demo_photo``; the text says what the picture shows, as a resident would.
DEMO_PHOTOS: dict[str, tuple[str, str]] = {
    "Testfeld Saaleufer: smarte Laternen am Paradiespark": (
        "path_at_night",
        "Ein unbeleuchteter Weg am Fluss bei Nacht, nur eine Laterne in der Ferne.",
    ),
    "Dunkle Unterführung am Saalbahnhof": (
        "underpass",
        "Eine dunkle Unterführung mit einer einzigen schwachen Lampe.",
    ),
    "Schattige Bänke auf dem Weg zum Klinikum": (
        "benches",
        "Ein sonniger Fußweg mit zwei Bänken ohne Schatten, dahinter Bäume.",
    ),
    "Trinkbrunnen auf dem Marktplatz": (
        "fountain",
        "Ein Trinkbrunnen aus Metall auf einem gepflasterten Platz mit Häusern.",
    ),
    "Mülleimer mit Füllstandssensor am Saaleufer": (
        "bin",
        "Ein überquellender Mülleimer auf einer Wiese am Fluss.",
    ),
}


def photos_apply(ideas: dict[str, Idea], result: LoadResult) -> None:
    """Give the ideas of ``DEMO_PHOTOS`` their photo, where they have none yet — or
    where the demo photo the row names is not in the storage (a new bucket or media
    folder beside a kept database) — stored through the default storage, as an upload
    is; the row is updated without touching its timestamps. A photo someone uploaded
    instead is left alone."""
    for title, (scene, alt) in DEMO_PHOTOS.items():
        idea = ideas.get(title)
        if idea is None:
            continue
        if idea.image and (
            not Path(idea.image.name).name.startswith("demo-")
            or idea.image.storage.exists(idea.image.name)
        ):
            continue
        name = f"demo-{slugify(title)[:50]}.jpg"
        photo = demo_photo(scene, seed=f"{SEED}-{title}")
        idea.image.save(name, ContentFile(photo), save=False)
        Idea.objects.filter(pk=idea.pk).update(image=idea.image.name, image_alt=alt)
        idea.image_alt = alt
        item_changed(idea)  # an UPDATE sends no signal: the cached pages learn it here
        result.add("photos")


# --- the loader -------------------------------------------------------------------------------


@transaction.atomic
def load_participation_demo(
    *, now: datetime.datetime | None = None, login_accounts: bool = False
) -> LoadResult:
    """Create what is missing of the participation demo; see the module docstring.

    ``login_accounts``: give the demo moderator and the first demo resident their printed
    passwords (the command does so only with DEBUG on or when asked to).
    Raises DemoDataMissing when the districts are not loaded.

    The notification e-mails of the demo's hundreds of events go to the mail task in a
    few batches after the commit, not one task per event.
    """
    with immediate_mails_together():
        return _load_participation_demo(now=now, login_accounts=login_accounts)


def _load_participation_demo(
    *, now: datetime.datetime | None, login_accounts: bool
) -> LoadResult:
    now = now or timezone.now()
    district_rows = list(District.objects.all())
    if not district_rows:
        raise DemoDataMissing(
            "Es gibt keine Ortsteile. Bitte zuerst `manage.py load_jena_demo` ausführen."
        )
    districts = _Districts(district_rows)
    result = LoadResult(moderator_login=login_accounts)
    residents = residents_ensure(result, login=login_accounts)
    moderator = moderator_ensure(result, login=login_accounts)
    result.moderator = moderator

    specs = project_specs(now)
    # Created oldest first, so the project lists (newest first) start with the one that
    # takes ideas now.
    projects = {
        spec.key: project_ensure(spec, districts, result, moderator) for spec in reversed(specs)
    }
    all_ideas: dict[str, dict[str, Idea]] = {}
    for spec in specs:
        # One generator per project: a change to one project's plan leaves the others'.
        rng = random.Random(f"{SEED}-{spec.key}")
        plan = plan_project(rng, spec, districts, now=now)
        project = projects[spec.key]
        ideas = ideas_apply(project, plan.ideas, residents, result, historic=spec.historic)
        photos_apply(ideas, result)
        comments_apply(plan.comments, ideas, residents, result, historic=plan.comments_historic)
        voting = project.phases.filter(type=Phase.Type.VOTING).first()
        historic_votes = voting if voting is not None and voting.end <= now else None
        votes_apply(plan.votes, ideas, residents, result, historic_phase=historic_votes)
        if spec.historic:
            for idea in ideas.values():
                idea_counters_refresh(idea_id=idea.pk)
        responses_apply(plan.responses, ideas, moderator, result)
        all_ideas[spec.key] = ideas
    target_comments_apply(projects, residents, result, now=now)
    moderation_apply(all_ideas["lighting"], residents, moderator, result, now=now)
    polls_ensure(
        residents=residents, districts=districts, moderator=moderator, now=now, result=result
    )
    easy_summaries_ensure()
    fill_english_projects({spec.slug for spec in specs})  # only where English is missing
    return result
