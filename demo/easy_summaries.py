"""Summaries in Leichte Sprache for the demo: the nine bundles, a few measures, the demo
projects and their phases, the Bürgerbudget's phases and a few proposals of 2026.

Written by the rules of the Netzwerk Leichte Sprache: short sentences, one statement per
sentence, each sentence on its own line, known words (hard ones explained), long words
split with the Mediopunkt (Bürger·budget), numbers as digits, the reader addressed with
"Sie". The pages show them behind "In Leichter Sprache".

``easy_summaries_ensure`` fills only what is empty (a summary staff wrote or changed in
the meantime stays), so every demo command may call it and a second run changes nothing.
It fills what exists: each of the demo commands calls it after loading its part.
"""

from __future__ import annotations

from measures.models import Measure, MeasureBundle
from participation.budgets.models import Proposal
from projects.models import Phase, Project


def _lines(*sentences: str) -> str:
    return "\n".join(sentences)


BUNDLES: dict[int, str] = {
    1: _lines(
        "Die Stadt Jena hat viele Daten.",
        "Daten sind zum Beispiel Zahlen über das Wetter.",
        "Oder Zahlen über die Bäume in der Stadt.",
        "Die Stadt stellt diese Daten ins Internet.",
        "Die Internet·seite heißt: wissensallmende.jena.de",
        "Dort können alle Menschen die Daten ansehen.",
        "Die Daten kosten nichts.",
    ),
    2: _lines(
        "Die Stadt stellt kleine Mess·geräte auf.",
        "Diese Mess·geräte heißen: Sensoren.",
        "Die Sensoren messen zum Beispiel: So warm ist es.",
        "Oder: So feucht ist die Erde.",
        "Die Sensoren schicken die Mess·werte über Funk an die Stadt.",
        "So weiß die Stadt zum Beispiel: Diese Bäume brauchen Wasser.",
    ),
    3: _lines(
        "Lobeda ist ein Stadt·teil von Jena.",
        "In Lobeda wohnen viele alte Menschen.",
        "Die Stadt möchte: Alte Menschen leben lange gut in ihrer Wohnung.",
        "Dabei hilft Technik.",
        "Zum Beispiel: Sie sprechen mit Ihrer Ärztin über den Computer.",
        "Das heißt: Tele·medizin.",
    ),
    4: _lines(
        "Die Stadt plant neue Häuser, Straßen und Plätze.",
        "Sie können bei den Plänen mit·reden.",
        "Die Stadt zeigt die Pläne im Internet.",
        "Es gibt ein Modell von Jena am Computer.",
        "Dort sehen Sie: So sieht der Platz später aus.",
        "Sie können Ihre Meinung im Internet sagen.",
    ),
    5: _lines(
        "Hier lernen Sie Neues über Computer und Internet.",
        "Die Volks·hoch·schule hat einen Probier·laden.",
        "Dort können Sie neue Geräte aus·probieren.",
        "Es gibt auch einen Bus mit Geräten.",
        "Der Bus heißt: Probier·mobil.",
        "Der Bus fährt in die Stadt·teile.",
        "Auch die Bücherei und die Kinder·gärten lernen mit Computern.",
    ),
    6: _lines(
        "Alle Menschen sollen das Internet benutzen können.",
        "Auch alte Menschen.",
        "Auch Menschen ohne eigenen Computer.",
        "In den Stadt·teilen gibt es Hilfe.",
        "Dort beantworten Menschen Ihre Fragen zum Handy und zum Computer.",
        "Sie können dort auch Geräte aus·leihen.",
    ),
    7: _lines(
        "JEDI ist der Name von einem Haus in Jena.",
        "Das Haus steht am Engel·platz 8.",
        "Dort arbeiten Menschen an neuen Ideen mit Computern.",
        "Junge Firmen bekommen dort Hilfe.",
        "Es gibt dort auch Veranstaltungen für alle Menschen.",
    ),
    8: _lines(
        "Viele Menschen arbeiten mit Computern.",
        "Dafür müssen sie viel wissen.",
        "Die Stadt bietet Kurse an.",
        "Die Kurse sind für Menschen in Firmen.",
        "Und für Menschen in der Pflege.",
        "Und für Menschen in der Stadt·verwaltung.",
        "In den Kursen lernen sie Neues über Computer.",
    ),
    9: _lines(
        "Die Verwaltung sind die Ämter von der Stadt.",
        "Viele Dinge können Sie jetzt im Internet erledigen.",
        "Zum Beispiel: einen Antrag stellen.",
        "Oder einen Termin im Bürger·service buchen.",
        "Es gibt auch einen Chat.",
        "Im Chat schreiben Sie Ihre Frage.",
        "Sie bekommen schnell eine Antwort.",
    ),
}

MEASURES: dict[str, str] = {
    "1.1": _lines(
        "Die Stadt baut eine Internet·seite für Daten.",
        "Die Internet·seite heißt: wissensallmende.jena.de",
        "Dort finden Sie Daten von der Stadt.",
        "Zum Beispiel: So viele Menschen wohnen in einem Stadt·teil.",
        "Alle Menschen dürfen die Daten benutzen.",
        "Die Daten kosten nichts.",
    ),
    "2.1": _lines(
        "Die Stadt baut ein Funk·netz.",
        "Das Funk·netz heißt: LoRaWAN.",
        "Über das Funk·netz schicken Sensoren ihre Mess·werte.",
        "Sensoren sind kleine Mess·geräte.",
        "Das Funk·netz braucht nur wenig Strom.",
        "Auch Hoch·schulen, Schulen und Vereine dürfen das Funk·netz benutzen.",
    ),
    "3.4": _lines(
        "Für Lobeda gibt es eine App.",
        "Eine App ist ein Programm für das Handy.",
        "In der App finden Sie Termine im Stadt·teil.",
        "Sie finden dort auch Angebote von Vereinen.",
        "Sie können Ihre Nachbarn um Hilfe bitten.",
        "Oder Sie helfen selbst.",
    ),
    "4.4": _lines(
        "Beim Bürger·budget entscheiden die Menschen in Jena mit.",
        "Sie sagen: Für diese Ideen soll die Stadt Geld ausgeben.",
        "Sie können jetzt im Internet abstimmen.",
        "Die Internet·seite ist barriere·frei.",
        "Das heißt: Alle Menschen können die Seite gut benutzen.",
        "Sie können auch auf Papier abstimmen.",
    ),
    "6.3": _lines(
        "Sie haben Fragen zum Handy oder zum Computer?",
        "Dann kommen Sie in die Sprech·stunde.",
        "Die Sprech·stunde ist in Ihrem Stadt·teil.",
        "Die Hilfe kostet nichts.",
        "Dort lernen Sie zum Beispiel: So buchen Sie einen Termin im Internet.",
        "Und: So erkennen Sie Betrug im Internet.",
    ),
}

PROJECTS: dict[str, str] = {
    "smarte-strassenbeleuchtung": _lines(
        "Die Stadt testet neue Straßen·lampen.",
        "Die Lampen werden nur hell, wenn jemand kommt.",
        "So spart die Stadt Strom.",
        "Die Lampen messen auch das Wetter.",
        "Wo ist es abends zu dunkel?",
        "Wo blendet das Licht?",
        "Zeigen Sie uns den Ort auf der Karte.",
    ),
    "smartes-quartier-lobeda": _lines(
        "Lobeda ist ein Stadt·teil von Jena.",
        "Die Menschen in Lobeda haben Ideen für ihren Stadt·teil gesammelt.",
        "Zum Beispiel: Das fehlt in Lobeda.",
        "Jede Person hat 3 Stimmen.",
        "Geben Sie Ihre Stimmen den besten Ideen.",
    ),
    "nachbarschaftsideen-2025": _lines(
        "Im Jahr 2025 haben Menschen Ideen für ihre Nachbarschaft gesammelt.",
        "Jede Idee durfte höchstens 15.000 Euro kosten.",
        "Die Stadt hat alle Ideen geprüft.",
        "Auf jede Idee gibt es eine Antwort.",
        "Hier lesen Sie: Das ist aus jeder Idee geworden.",
    ),
    "buergerbudget-2025": _lines(
        "Beim Bürger·budget entscheiden die Menschen in Jena mit.",
        "Im Jahr 2025 hatte die Stadt 50.000 Euro für Ideen.",
        "Die Ideen kamen von den Menschen in Jena.",
        "Die Menschen haben abgestimmt.",
        "Hier lesen Sie: Diese Vorschläge bekommen Geld.",
        "Und: So weit ist die Arbeit an den Vorschlägen.",
    ),
    "buergerbudget-2026": _lines(
        "Beim Bürger·budget entscheiden Sie mit.",
        "Die Stadt hat 50.000 Euro für Ideen von den Menschen in Jena.",
        "Dazu kommt Geld aus dem Jahr 2025.",
        "Abstimmen dürfen alle Menschen in Jena ab 16 Jahren.",
        "Sie haben 5 Stimmen.",
        "Sie können alle 5 Stimmen einem Vorschlag geben.",
        "Oder Sie verteilen die Stimmen auf mehrere Vorschläge.",
        "Sie können im Internet abstimmen.",
        "Oder auf Papier im Bürger·service und im Stadt·teil·büro Lobeda.",
    ),
}

# (project slug, phase type): the phases of the participation projects.
PHASES: dict[tuple[str, str], str] = {
    ("smarte-strassenbeleuchtung", Phase.Type.INFORMATION): _lines(
        "Die Stadt erklärt das Vorhaben.",
        "Sie lesen hier: Das können die neuen Lampen.",
        "Und: So viel kosten die Lampen.",
    ),
    ("smarte-strassenbeleuchtung", Phase.Type.IDEAS): _lines(
        "In dieser Zeit sammeln wir Ideen.",
        "Setzen Sie Ihre Idee auf die Karte.",
        "Sie können auch die Ideen von anderen Menschen lesen.",
        "Und Sie können etwas dazu schreiben.",
    ),
    ("smarte-strassenbeleuchtung", Phase.Type.VOTING): _lines(
        "In dieser Zeit können Sie Ideen unterstützen.",
        "Unterstützen heißt: Sie sagen, diese Idee ist gut.",
        "Sie können bis zu 5 Ideen unterstützen.",
    ),
    ("smarte-strassenbeleuchtung", Phase.Type.EVALUATION): _lines(
        "Die Stadt prüft die Ideen mit der meisten Unterstützung.",
        "Dann sucht die Stadt die Orte für den Test aus.",
        "Die Stadt antwortet auf jede Idee.",
    ),
    ("smartes-quartier-lobeda", Phase.Type.IDEAS): _lines(
        "In dieser Zeit sammeln die Menschen Ideen für Lobeda.",
        "Sie zeigen den Ort auf der Karte.",
        "Oder sie beschreiben den Ort.",
    ),
    ("smartes-quartier-lobeda", Phase.Type.VOTING): _lines(
        "In dieser Zeit stimmen Sie ab.",
        "Jede Person hat 3 Stimmen.",
    ),
    ("smartes-quartier-lobeda", Phase.Type.EVALUATION): _lines(
        "Das Quartiers·management prüft die Ideen mit den meisten Stimmen.",
        "Das Quartiers·management ist ein Büro in Lobeda.",
        "Es hilft den Menschen im Stadt·teil.",
        "Es antwortet auf jede Idee.",
    ),
    ("nachbarschaftsideen-2025", Phase.Type.IMPLEMENTATION): _lines(
        "Die Stadt setzt die guten Ideen um.",
        "Bei jeder Idee steht: So weit ist die Arbeit.",
    ),
}

# The phases of both Bürgerbudgets, by type.
BUDGET_SLUGS = ("buergerbudget-2025", "buergerbudget-2026")
BUDGET_PHASES: dict[str, str] = {
    Phase.Type.SUBMISSION: _lines(
        "In dieser Zeit können Sie Vorschläge einreichen.",
        "Einreichen heißt: Sie schicken Ihre Idee an die Stadt.",
        "Das geht im Internet, mit einer E-Mail oder mit einem Brief.",
        "Ein Vorschlag darf höchstens 10.000 Euro kosten.",
    ),
    Phase.Type.REVIEW: _lines(
        "Die Stadt prüft jeden Vorschlag.",
        "Die Stadt fragt zum Beispiel: Ist der Vorschlag erlaubt?",
        "Und: Wie viel kostet der Vorschlag?",
        "Die Stadt schreibt die Gründe auf diese Internet·seite.",
    ),
    Phase.Type.CONFIRMATION: _lines(
        "Der Beirat prüft die Liste mit den Vorschlägen.",
        "Der Beirat ist eine Gruppe von Menschen aus Jena.",
        "Der Beirat sagt: Über diese Vorschläge stimmen die Menschen ab.",
    ),
    Phase.Type.VOTING: _lines(
        "In dieser Zeit stimmen Sie ab.",
        "Abstimmen dürfen alle Menschen in Jena ab 16 Jahren.",
        "Sie haben 5 Stimmen.",
        "Sie können im Internet abstimmen.",
        "Oder auf Papier.",
    ),
    Phase.Type.COUNTING: _lines(
        "Die Stadt zählt die Stimmen.",
        "Dann schreibt die Stadt das Ergebnis auf.",
    ),
    Phase.Type.RESULTS: _lines(
        "Hier steht das Ergebnis.",
        "Sie lesen: Diese Vorschläge bekommen Geld.",
        "Und Sie lesen die Gründe dafür.",
    ),
    Phase.Type.IMPLEMENTATION: _lines(
        "Die Stadt setzt die Vorschläge mit Geld um.",
        "Das heißt: Die Stadt baut oder kauft die Sachen.",
        "Hier sehen Sie: So weit ist die Arbeit.",
    ),
}

# (budget project slug, proposal title): a few proposals of this year.
PROPOSALS: dict[tuple[str, str], str] = {
    ("buergerbudget-2026", "Schattenbäume für den Spielplatz Am Anger"): _lines(
        "Auf dem Spiel·platz Am Anger sollen 4 Bäume wachsen.",
        "Die Bäume werden groß.",
        "In ein paar Jahren geben die Bäume Schatten.",
        "Dann ist es im Sommer auf dem Spiel·platz kühler.",
    ),
    ("buergerbudget-2026", "Bücherschrank am Magdelstieg"): _lines(
        "Ein Bücher·schrank ist ein Schrank draußen auf der Straße.",
        "In dem Schrank stehen Bücher.",
        "Sie können ein Buch heraus·nehmen.",
        "Sie können auch ein Buch hinein·stellen.",
        "Das kostet nichts.",
        "Der Schrank soll an der Halte·stelle am Magdel·stieg stehen.",
        "Der Schrank ist eine alte Telefon·zelle.",
    ),
    ("buergerbudget-2026", "Fahrradreparaturstation in Lobeda"): _lines(
        "Am Stadt·teil·büro in Lobeda soll eine Station für Fahr·räder stehen.",
        "Dort gibt es Werk·zeug und eine Luft·pumpe.",
        "Alle Menschen können dort ihr Fahr·rad reparieren.",
        "Das kostet nichts.",
    ),
}


def _fill(objects, text_of) -> int:
    """Write the summary of each object that has none yet; returns how many."""
    written = 0
    for obj in objects:
        text = text_of(obj)
        if text and not obj.easy_summary:
            obj.easy_summary = text
            # save(): the page cache and the roll-up hear of it (post_save).
            obj.save(update_fields=["easy_summary"])
            written += 1
    return written


def easy_summaries_ensure() -> int:
    """Fill the demo's missing summaries in Leichte Sprache; returns how many it wrote."""
    phase_texts = dict(PHASES)
    for slug in BUDGET_SLUGS:
        phase_texts.update({(slug, kind): text for kind, text in BUDGET_PHASES.items()})
    project_slugs = {slug for slug, _kind in phase_texts}
    return sum(
        (
            _fill(
                MeasureBundle.objects.filter(number__in=BUNDLES),
                lambda bundle: BUNDLES.get(bundle.number),
            ),
            _fill(
                Measure.objects.filter(code__in=MEASURES),
                lambda measure: MEASURES.get(measure.code),
            ),
            _fill(
                Project.objects.filter(slug__in=PROJECTS),
                lambda project: PROJECTS.get(project.slug),
            ),
            _fill(
                Phase.objects.filter(project__slug__in=project_slugs).select_related("project"),
                lambda phase: phase_texts.get((phase.project.slug, phase.type)),
            ),
            _fill(
                Proposal.objects.filter(
                    budget__project__slug__in={slug for slug, _title in PROPOSALS},
                    title__in={title for _slug, title in PROPOSALS},
                ).select_related("budget__project"),
                lambda proposal: PROPOSALS.get((proposal.budget.project.slug, proposal.title)),
            ),
        )
    )
