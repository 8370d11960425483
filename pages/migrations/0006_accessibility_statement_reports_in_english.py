"""The accessibility statement: status reports now come in German and English (each a web
page and a tagged PDF), except those generated before. As 0004 and 0005, only a text still
as the previous migration left it is replaced; an edited one is kept."""

import importlib

from django.db import migrations

PREVIOUS = importlib.import_module(
    "pages.migrations.0005_accessibility_statement_formal_address"
)

OLD_DE = (
    "- Sachstandsberichte: Die Berichte an den Stadtrat gibt es nur auf Deutsch, als Webseite "
    "und als getaggtes PDF (PDF/UA-1). Auf den englischen Seiten erscheint der deutsche Text."
)
NEW_DE = (
    "- Sachstandsberichte: Die Berichte an den Stadtrat gibt es auf Deutsch und auf Englisch, "
    "jeweils als Webseite und als getaggtes PDF (PDF/UA-1). Was Beschäftigte der Stadt "
    "geschrieben haben (Titel, Zusammenfassung, Namen und Sachstände der Maßnahmen), steht "
    "auch in der englischen Fassung auf Deutsch und ist dort als deutscher Text "
    "ausgezeichnet. Berichte, die vor dem 26. November 2026 erzeugt wurden, gibt es nur auf "
    "Deutsch."
)
OLD_EN = (
    "- Status reports: the reports to the city council exist only in German, as a web page "
    "and as a tagged PDF (PDF/UA-1). The English pages show the German text."
)
NEW_EN = (
    "- Status reports: the reports to the city council exist in German and in English, each "
    "as a web page and as a tagged PDF (PDF/UA-1). What city staff wrote (title, summary, "
    "names and statements of the measures) is in German in the English version too, marked "
    "as German text. Reports generated before 26 November 2026 exist only in German."
)

assert OLD_DE in PREVIOUS.A11Y_DE and OLD_EN in PREVIOUS.A11Y_EN
A11Y_DE = PREVIOUS.A11Y_DE.replace(OLD_DE, NEW_DE)
A11Y_EN = PREVIOUS.A11Y_EN.replace(OLD_EN, NEW_EN)


update, revert = PREVIOUS.replacing(PREVIOUS.A11Y_DE, PREVIOUS.A11Y_EN, A11Y_DE, A11Y_EN)


class Migration(migrations.Migration):
    dependencies = [("pages", "0005_accessibility_statement_formal_address")]

    operations = [migrations.RunPython(update, revert)]
