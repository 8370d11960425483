"""The texts of the demo Bürgerbudget (``demo/budgets.py``): made-up proposals of the
kind Jena's residents submit (benches, trees, playgrounds, book cabinets, bicycle
stands), in Jena's districts, with costs under the cap of 10,000 €."""

from __future__ import annotations

from typing import NamedTuple


class ProposalText(NamedTuple):
    title: str
    district: str
    category: str
    cost: int
    description: str


CATEGORIES = (
    ("spielen-sport", "Spielen und Sport"),
    ("gruen-umwelt", "Grün und Umwelt"),
    ("wege-verkehr", "Wege und Verkehr"),
    ("kultur-begegnung", "Kultur und Begegnung"),
    ("soziales", "Soziales und Nachbarschaft"),
)

# Last year's proposals (on the ballot); the first ones are the funded in the demo count.
LAST_YEAR = (
    ProposalText(
        "Sitzbänke am Saaleufer in Burgau",
        "Burgau",
        "gruen-umwelt",
        4_800,
        "Drei Bänke mit Lehne zwischen Brücke und Spielplatz, damit ältere "
        "Menschen auf dem Weg an der Saale rasten können.",
    ),
    ProposalText(
        "Trinkbrunnen auf dem Holzmarkt",
        "Jena-Zentrum",
        "gruen-umwelt",
        9_180,
        "Ein Trinkbrunnen mit Wasserspender für Flaschen – an heißen Tagen "
        "für alle, die in der Innenstadt unterwegs sind.",
    ),
    ProposalText(
        "Öffentlicher Bücherschrank in Winzerla",
        "Winzerla",
        "kultur-begegnung",
        3_200,
        "Ein wetterfester Bücherschrank am Stadtteilzentrum: Bücher bringen, Bücher mitnehmen.",
    ),
    ProposalText(
        "Fahrradbügel am Bahnhof Göschwitz",
        "Göschwitz",
        "wege-verkehr",
        6_500,
        "Zwanzig überdachte Fahrradbügel, damit Pendlerinnen und Pendler ihr "
        "Rad sicher abstellen können.",
    ),
    ProposalText(
        "Obstbäume für die Streuobstwiese Ziegenhain",
        "Ziegenhain",
        "gruen-umwelt",
        2_900,
        "Fünfzehn alte Obstsorten nachpflanzen, gepflegt vom Heimatverein, ernten dürfen alle.",
    ),
    ProposalText(
        "Tischtennisplatte im Park Lobeda-West",
        "Neulobeda",
        "spielen-sport",
        4_100,
        "Eine wetterfeste Tischtennisplatte aus Beton mit zwei Bänken.",
    ),
    ProposalText(
        "Insektenwiese am Friedhof Wenigenjena",
        "Wenigenjena",
        "gruen-umwelt",
        1_800,
        "Rasen in eine Blühwiese umwandeln, mit Schild zur Erklärung.",
    ),
    ProposalText(
        "Beleuchtung für den Schulweg in Ammerbach",
        "Ammerbach",
        "wege-verkehr",
        9_900,
        "Vier Solarleuchten am Fußweg zwischen Schule und Bushaltestelle.",
    ),
    ProposalText(
        "Boule-Bahn in der Nordstadt",
        "Jena-Nord",
        "spielen-sport",
        5_500,
        "Eine Boule-Bahn mit Bank neben dem Nordbad – Treffpunkt für Jung und Alt.",
    ),
    ProposalText(
        "Nachbarschaftsfest-Ausstattung für Lobeda",
        "Lobeda-Altstadt",
        "soziales",
        2_400,
        "Bierzeltgarnituren und ein Pavillon, die Vereine für Feste ausleihen können.",
    ),
    ProposalText(
        "Kletterfelsen für den Spielplatz Zwätzen",
        "Zwätzen",
        "spielen-sport",
        8_700,
        "Ein kleiner Kletterfelsen mit Fallschutz für Kinder ab drei Jahren.",
    ),
    ProposalText(
        "Hundekotbeutel-Spender im Paradiespark",
        "Jena-Zentrum",
        "gruen-umwelt",
        1_200,
        "Sechs Spender mit Abfallbehältern an den Eingängen des Parks.",
    ),
    ProposalText(
        "Sonnensegel für den Spielplatz Kernberge",
        "Kernberge",
        "spielen-sport",
        7_800,
        "Schatten über dem Sandkasten, damit Kinder auch im Sommer spielen können.",
    ),
    ProposalText(
        "Mitfahrbank in Isserstedt",
        "Isserstedt",
        "wege-verkehr",
        1_500,
        "Eine Bank mit Klappschild: Wer dort sitzt, möchte mitgenommen werden.",
    ),
)

# This year's proposals; the last four are not valid (their reasons below).
THIS_YEAR = (
    ProposalText(
        "Schattenbäume für den Spielplatz Am Anger",
        "Jena-Zentrum",
        "gruen-umwelt",
        7_400,
        "Vier Bäume, die in einigen Jahren den Spielplatz beschatten.",
    ),
    ProposalText(
        "Calisthenics-Anlage im Volkspark Oberaue",
        "Jena-Zentrum",
        "spielen-sport",
        9_800,
        "Reckstangen und Barren für kostenloses Training im Freien.",
    ),
    ProposalText(
        "Bücherschrank am Magdelstieg",
        "Jena-West",
        "kultur-begegnung",
        3_100,
        "Ein Bücherschrank aus einer alten Telefonzelle an der Haltestelle.",
    ),
    ProposalText(
        "Fahrradreparaturstation in Lobeda",
        "Neulobeda",
        "wege-verkehr",
        2_800,
        "Werkzeug und Luftpumpe fest montiert, frei zugänglich am Stadtteilbüro.",
    ),
    ProposalText(
        "Sitzgruppe am Ziegenhainer Tal",
        "Ziegenhain",
        "gruen-umwelt",
        3_900,
        "Tisch und Bänke am Wanderweg, mit Blick auf die Kernberge.",
    ),
    ProposalText(
        "Wasserspielplatz-Pumpe in Winzerla",
        "Winzerla",
        "spielen-sport",
        8_200,
        "Eine Schwengelpumpe mit Wasserlauf und Matschtisch.",
    ),
    ProposalText(
        "Nistkästen für Mauersegler in Neulobeda",
        "Neulobeda",
        "gruen-umwelt",
        2_200,
        "Vierzig Nistkästen an den Plattenbauten, mit der Wohnungsgesellschaft abgestimmt.",
    ),
    ProposalText(
        "Überdachte Bank an der Haltestelle Maua",
        "Maua",
        "wege-verkehr",
        6_900,
        "Ein Wartehäuschen mit Bank, weil die Haltestelle bisher ohne Schutz ist.",
    ),
    ProposalText(
        "Outdoor-Schach im Rosengarten",
        "Jena-Süd",
        "kultur-begegnung",
        4_400,
        "Ein großes Schachfeld auf dem Boden und eine Kiste mit Figuren.",
    ),
    ProposalText(
        "Blühstreifen entlang der Camsdorfer Brücke",
        "Wenigenjena",
        "gruen-umwelt",
        1_900,
        "Heimische Blumen für Insekten statt kurz gemähtem Rasen.",
    ),
    ProposalText(
        "Basketballkorb für den Schulhof Lobeda-Altstadt",
        "Lobeda-Altstadt",
        "spielen-sport",
        3_600,
        "Ein zweiter Korb, damit nachmittags mehr Jugendliche spielen können.",
    ),
    ProposalText(
        "Sprachcafé-Ausstattung im Stadtteilzentrum LISA",
        "Neulobeda",
        "soziales",
        2_600,
        "Kaffeemaschine, Geschirr und Spiele für das wöchentliche Sprachcafé.",
    ),
    ProposalText(
        "Beleuchteter Fußweg nach Closewitz",
        "Closewitz",
        "wege-verkehr",
        9_500,
        "Solarleuchten auf dem Weg vom Bus zum Ort, bisher stockdunkel im Winter.",
    ),
    ProposalText(
        "Streuobstwiese pflegen in Drackendorf",
        "Drackendorf",
        "gruen-umwelt",
        2_400,
        "Schnitt der alten Bäume und Nachpflanzung von fünf Hochstämmen.",
    ),
    ProposalText(
        "Skateboard-Rampe in Zwätzen",
        "Zwätzen",
        "spielen-sport",
        9_900,
        "Eine Minirampe für Anfängerinnen und Anfänger neben dem Bolzplatz.",
    ),
    ProposalText(
        "Lastenrad zum Ausleihen in Wenigenjena",
        "Wenigenjena",
        "wege-verkehr",
        5_800,
        "Ein Lastenrad, das der Bürgerverein kostenlos verleiht.",
    ),
    ProposalText(
        "Tauschregal im Damenviertel",
        "Jena-West",
        "soziales",
        1_400,
        "Ein Regal für Kleidung, Spielzeug und Haushaltsdinge zum Tauschen.",
    ),
    ProposalText(
        "Trinkwasserstation am Sportforum",
        "Jena-Nord",
        "spielen-sport",
        8_900,
        "Ein Trinkbrunnen für alle, die rund um das Sportforum laufen und spielen.",
    ),
    ProposalText(
        "Hochbeete für den Gemeinschaftsgarten Löbstedt",
        "Löbstedt",
        "gruen-umwelt",
        2_700,
        "Sechs Hochbeete, auch mit dem Rollstuhl erreichbar.",
    ),
    ProposalText(
        "Infotafel zur Geschichte von Lichtenhain",
        "Lichtenhain",
        "kultur-begegnung",
        2_100,
        "Eine Tafel am Dorfplatz mit alten Fotos und einer Karte.",
    ),
    ProposalText(
        "Bewegungsparcours für Seniorinnen und Senioren in Burgau",
        "Burgau",
        "spielen-sport",
        9_400,
        "Fünf Geräte für Gleichgewicht und Beweglichkeit am Saaleradweg.",
    ),
    ProposalText(
        "Fahrradständer am Markt Lobeda",
        "Lobeda-Altstadt",
        "wege-verkehr",
        3_300,
        "Zehn Anlehnbügel vor den Geschäften.",
    ),
    ProposalText(
        "Insektenhotel mit Schulklasse in Kunitz",
        "Kunitz/Laasan",
        "gruen-umwelt",
        900,
        "Bau eines großen Insektenhotels gemeinsam mit der Grundschule.",
    ),
    ProposalText(
        "Offene Bühne im Paradiespark",
        "Jena-Zentrum",
        "kultur-begegnung",
        9_700,
        "Eine kleine Holzbühne für Musik, Theater und Lesungen im Sommer.",
    ),
    ProposalText(
        "Wickeltisch in der Stadtbibliothek-Filiale Lobeda",
        "Neulobeda",
        "soziales",
        1_100,
        "Ein Wickeltisch, damit Eltern mit Babys länger bleiben.",
    ),
    ProposalText(
        "Sitzbänke am Fuchsturm-Weg",
        "Ziegenhain",
        "gruen-umwelt",
        3_800,
        "Zwei Bänke auf halber Höhe des steilen Wegs zum Fuchsturm.",
    ),
    # Not valid (see INVALID_REASONS)
    ProposalText(
        "Neue Straßenbahnlinie nach Isserstedt",
        "Isserstedt",
        "wege-verkehr",
        9_900,
        "Eine Straßenbahn bis Isserstedt, damit der Ort besser angebunden ist.",
    ),
    ProposalText(
        "Freibad in Wöllnitz sanieren",
        "Wöllnitz",
        "spielen-sport",
        10_000,
        "Das alte Freibad wieder öffnen.",
    ),
    ProposalText(
        "Blitzer vor der Schule in Cospeda",
        "Cospeda",
        "wege-verkehr",
        8_000,
        "Eine feste Radarkontrolle, weil viele zu schnell fahren.",
    ),
    ProposalText(
        "Bänke im Unikampus",
        "Jena-Zentrum",
        "gruen-umwelt",
        2_500,
        "Mehr Sitzplätze zwischen den Hörsälen.",
    ),
)

VALID_REASON = (
    "Der Vorschlag liegt in der Zuständigkeit der Stadt, ist rechtlich zulässig und mit "
    "den geprüften Kosten umsetzbar."
)
COST_REASON = (
    "Zulässig. Das Fachamt hat die Kosten einschließlich Fundament und Aufstellung "
    "geprüft; sie liegen höher als geschätzt."
)
INVALID_REASONS = {
    "Neue Straßenbahnlinie nach Isserstedt": (
        "Nicht zulässig: Eine Straßenbahnlinie kostet ein Vielfaches des Höchstbetrags von "
        "10.000 € und liegt in der Zuständigkeit des Jenaer Nahverkehrs. Wir haben den "
        "Vorschlag an den Nahverkehrsplan weitergegeben."
    ),
    "Freibad in Wöllnitz sanieren": (
        "Nicht zulässig: Die Sanierung übersteigt den Höchstbetrag um ein Vielfaches; "
        "der Stadtrat berät über die Bäder im Haushalt."
    ),
    "Blitzer vor der Schule in Cospeda": (
        "Nicht zulässig: Geschwindigkeitskontrollen sind eine Aufgabe der "
        "Verkehrsüberwachung und können nicht aus dem Bürgerbudget bezahlt werden. Die "
        "Verkehrsbehörde prüft die Stelle."
    ),
    "Bänke im Unikampus": (
        "Nicht zulässig: Das Gelände gehört dem Freistaat Thüringen (Universität), nicht "
        "der Stadt. Wir haben den Vorschlag an die Universität weitergeleitet."
    ),
}

IMPLEMENTATION_TEXTS = {
    "planned": "Das Fachamt hat den Auftrag vorbereitet; die Umsetzung ist für das "
    "Frühjahr geplant.",
    "in_progress": "Die Arbeiten haben begonnen; die Firma ist beauftragt.",
    "completed": "Fertig und übergeben – vielen Dank an alle, die dafür gestimmt haben.",
}
