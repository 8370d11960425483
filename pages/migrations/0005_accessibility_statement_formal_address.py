"""The accessibility statement no longer lists allauth's informal "du" as a gap: the
account pages and mails address people formally now (locale/de, tests/test_formal_german.py).
As 0004, only a text still as that migration left it is replaced; an edited one is kept."""

import importlib

from django.db import migrations

TESTED = importlib.import_module("pages.migrations.0004_accessibility_statement_tested")

OLD_DE = (
    "- Kontoseiten: Anmelden, Registrieren, Passwort und E-Mail-Adressen stammen aus dem "
    "Baustein django-allauth und sind an die Gestaltung des Portals angepasst. Einige "
    "Meldungen dieses Bausteins sprechen Sie mit „du“ statt mit „Sie“ an, und seltener "
    "genutzte Seiten (zum Beispiel die Bestätigung der E-Mail-Adresse über den Link aus der "
    "E-Mail) sind nicht in den automatischen Prüfungen enthalten."
)
NEW_DE = (
    "- Kontoseiten: Anmelden, Registrieren, Passwort und E-Mail-Adressen stammen aus dem "
    "Baustein django-allauth und sind an die Gestaltung des Portals angepasst. Seltener "
    "genutzte Seiten (zum Beispiel die Bestätigung der E-Mail-Adresse über den Link aus der "
    "E-Mail) sind nicht in den automatischen Prüfungen mit axe-core enthalten."
)
OLD_EN = (
    "- Account pages: signing in, signing up, password and e-mail addresses come from the "
    "django-allauth component and use the portal's design. Some of its German messages "
    "address you informally, and less frequently used pages (for example confirming the "
    "e-mail address with the link from the e-mail) are not part of the automated checks."
)
NEW_EN = (
    "- Account pages: signing in, signing up, password and e-mail addresses come from the "
    "django-allauth component and use the portal's design. Less frequently used pages (for "
    "example confirming the e-mail address with the link from the e-mail) are not part of "
    "the automated checks with axe-core."
)

assert OLD_DE in TESTED.A11Y_DE and OLD_EN in TESTED.A11Y_EN
A11Y_DE = TESTED.A11Y_DE.replace(OLD_DE, NEW_DE)
A11Y_EN = TESTED.A11Y_EN.replace(OLD_EN, NEW_EN)


def replacing(old_de: str, old_en: str, new_de: str, new_en: str):
    """A statement migration's forward and backward steps: replace each language's text
    where it is still the previous one (an edited text is kept). Also used by 0006."""

    def update(apps, schema_editor):
        TESTED._replace(apps.get_model("pages", "Page"), old_de, old_en, new_de, new_en)

    def revert(apps, schema_editor):
        TESTED._replace(apps.get_model("pages", "Page"), new_de, new_en, old_de, old_en)

    return update, revert


update, revert = replacing(TESTED.A11Y_DE, TESTED.A11Y_EN, A11Y_DE, A11Y_EN)


class Migration(migrations.Migration):
    dependencies = [("pages", "0004_accessibility_statement_tested")]

    operations = [migrations.RunPython(update, revert)]
