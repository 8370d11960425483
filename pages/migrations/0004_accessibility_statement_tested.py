"""The accessibility statement says what was tested and how, what is known not to conform,
and whom to contact (issue #7). Only a page still carrying the first default text is
replaced, per language: what a city editor has written in the admin stays.

The feedback e-mail address is not part of the text: the page template shows the
configured CONTACT_EMAIL under "Feedback und Kontakt" below it; the postal address is the
one of the Impressum."""

import importlib

from django.db import migrations
from django.utils import timezone

A11Y_DE = """Die Stadt Jena ist bemüht, das Portal „Jena Smart“ barrierefrei zugänglich zu machen – nach dem Thüringer Gesetz zur Gleichstellung und Verbesserung der Integration von Menschen mit Behinderungen (ThürGIG) und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0). Maßstab sind die Web Content Accessibility Guidelines (WCAG) 2.1, Stufe AA.

Diese Erklärung gilt für die öffentlichen Seiten und die Kontoseiten dieses Portals (Strategie, Maßnahmen, Beteiligung, Berichte, offene Daten, Konto), nicht für die Verwaltungsoberfläche der städtischen Beschäftigten.

Stand der Vereinbarkeit mit den Anforderungen:
Dieses Portal ist mit der BITV 2.0 und den WCAG 2.1 (Stufe AA) teilweise vereinbar. Was noch nicht barrierefrei ist, steht unten unter „Nicht barrierefreie Inhalte“.

Wie wir geprüft haben:
- Automatische Prüfung mit axe-core (alle Regeln für WCAG 2.1 A und AA) auf allen Hauptseiten, auf Deutsch und auf Englisch, so wie sie Besucherinnen und Besucher ohne Anmeldung, angemeldete Einwohnerinnen und Einwohner, Mitglieder des Stadtrats und Beschäftigte der Stadt sehen. Ergebnis: 0 Verstöße.
- Bedienung nur mit der Tastatur, in einem echten Browser durchgespielt: eine Idee ohne die Karte einreichen (Ortsteil und Ortsbeschreibung statt eines Punkts auf der Karte), eine Idee unterstützen und die Unterstützung zurückziehen, kommentieren und auf einen Kommentar antworten.
- Sichtbarer Fokus: Auf den Hauptseiten wird jedes Element angesteuert, das die Tabulatortaste erreicht. Es muss auf dem Bildschirm zu sehen sein und eine deutliche Fokusmarkierung haben; der Fokus darf weder verloren gehen noch festhängen.
- Karten: Jede Karte hat eine Alternative ohne Karte. Die Ideen stehen in einer Liste neben der Karte mit denselben Filtern; der Ort einer Maßnahme oder Idee steht als Text über der Karte. Die Markierungen der Ideenkarte sind mit der Tastatur erreichbar, und jeder Eintrag der Liste hat die Schaltfläche „Auf der Karte zeigen“. Diagramme haben eine Tabelle mit denselben Werten.
- Unterstützen und Kommentieren funktionieren auch ohne JavaScript; nur die Karten selbst brauchen es.
- Eine strenge Content-Security-Policy lässt nur Skripte und Stilvorlagen dieses Portals zu; außer den Kartenkacheln wird nichts von anderen Servern geladen.
- Diese Browser-Tests laufen bei jeder Änderung am Portal automatisch mit.

Nicht barrierefreie Inhalte:
- Kartenbilder: Die Kacheln der Karten (Straßen, Gebäude, Grünflächen) sind Bilder ohne Textalternative. Was auf der Karte eingetragen ist, steht in der Liste oder im Text daneben; einen Ort für eine Idee können Sie statt auf der Karte über den Ortsteil und eine Beschreibung angeben.
- Sachstandsberichte: Die Berichte an den Stadtrat gibt es nur auf Deutsch, als Webseite und als getaggtes PDF (PDF/UA-1). Auf den englischen Seiten erscheint der deutsche Text.
- Kontoseiten: Anmelden, Registrieren, Passwort und E-Mail-Adressen stammen aus dem Baustein django-allauth und sind an die Gestaltung des Portals angepasst. Einige Meldungen dieses Bausteins sprechen Sie mit „du“ statt mit „Sie“ an, und seltener genutzte Seiten (zum Beispiel die Bestätigung der E-Mail-Adresse über den Link aus der E-Mail) sind nicht in den automatischen Prüfungen enthalten.
- Prüfung mit Hilfsmitteln: Tests mit Screenreadern und durch Menschen mit Behinderungen haben noch nicht stattgefunden. Automatische Prüfungen finden nur einen Teil der Barrieren.

Erstellung dieser Erklärung:
Diese Erklärung wurde am 26. November 2026 erstellt. Sie beruht auf einer Selbstbewertung mit den oben beschriebenen Prüfungen; eine Prüfung durch eine unabhängige Stelle steht noch aus.

Mängel melden:
Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder brauchen Sie einen Inhalt in einer anderen Form? Schreiben Sie uns eine E-Mail (die Adresse steht unter „Feedback und Kontakt“ am Ende dieser Seite) oder einen Brief an:
Stadtverwaltung Jena
Am Anger 15
07743 Jena

Durchsetzungsverfahren:
Wenn Sie auf Ihre Rückmeldung keine oder keine zufriedenstellende Antwort erhalten, können Sie sich an den Landesbeauftragten für Menschen mit Behinderungen des Freistaats Thüringen wenden. Er ist in Thüringen die Stelle für das Durchsetzungs- und Schlichtungsverfahren nach dem ThürGIG und vermittelt zwischen Ihnen und der Stadt Jena."""

A11Y_EN = """The City of Jena aims to make the portal “Jena Smart” accessible in accordance with the Thuringian act on equal opportunities for people with disabilities (ThürGIG) and the German regulation on accessible information technology (BITV 2.0). The standard is the Web Content Accessibility Guidelines (WCAG) 2.1, level AA.

This statement applies to the public pages and the account pages of this portal (strategy, measures, participation, reports, open data, account), not to the administration used by city staff.

Compliance status:
This portal is partially compliant with BITV 2.0 and WCAG 2.1 (level AA). What is not yet accessible is listed below under “Content that is not accessible”.

How we tested:
- Automated checks with axe-core (all rules for WCAG 2.1 A and AA) on every main page, in German and in English, as seen by visitors who are not signed in, by signed-in residents, by members of the city council and by city staff. Result: 0 violations.
- Keyboard-only use, played through in a real browser: proposing an idea without the map (district and a description of the place instead of a point on the map), supporting an idea and withdrawing the support, commenting and replying to a comment.
- Visible focus: on the main pages every element that the Tab key reaches is visited. It must be visible on the screen and have a clear focus indicator; the focus must neither get lost nor get stuck.
- Maps: every map has an alternative without the map. The ideas are in a list beside the map with the same filters; the place of a measure or idea is given as text above the map. The markers of the idea map can be reached with the keyboard, and every entry of the list has a “Show on the map” button. Charts have a table with the same values.
- Supporting and commenting also work without JavaScript; only the maps themselves need it.
- A strict Content Security Policy allows only this portal's own scripts and style sheets; apart from map tiles nothing is loaded from other servers.
- These browser tests run automatically with every change to the portal.

Content that is not accessible:
- Map images: the map tiles (streets, buildings, green spaces) are images without a text alternative. What is marked on a map is in the list or the text beside it; instead of using the map you can give the place of an idea by its district and a description.
- Status reports: the reports to the city council exist only in German, as a web page and as a tagged PDF (PDF/UA-1). The English pages show the German text.
- Account pages: signing in, signing up, password and e-mail addresses come from the django-allauth component and use the portal's design. Some of its German messages address you informally, and less frequently used pages (for example confirming the e-mail address with the link from the e-mail) are not part of the automated checks.
- Testing with assistive technology: tests with screen readers and by people with disabilities have not taken place yet. Automated checks find only part of all barriers.

Preparation of this statement:
This statement was prepared on 26 November 2026. It is based on a self-assessment with the tests described above; an assessment by an independent body is still to come.

Reporting barriers:
Have you noticed any accessibility barriers, or do you need content in a different format? Send us an e-mail (the address is under “Feedback and contact” at the end of this page) or a letter to:
Stadtverwaltung Jena
Am Anger 15
07743 Jena, Germany

Enforcement procedure:
If you receive no answer or no satisfactory answer to your feedback, you can contact the Commissioner for People with Disabilities of the Free State of Thuringia (Landesbeauftragter für Menschen mit Behinderungen des Freistaats Thüringen). In Thuringia, the commissioner is the body for the enforcement and conciliation procedure under the ThürGIG and mediates between you and the City of Jena."""


def _first():
    return importlib.import_module("pages.migrations.0002_default_pages")


def _replace(Page, old_de: str, old_en: str, new_de: str, new_en: str) -> None:
    now = timezone.now()
    pages = Page.objects.filter(slug="barrierefreiheit")
    pages.filter(body_de=old_de).update(body_de=new_de, updated_at=now)
    pages.filter(body_en=old_en).update(body_en=new_en, updated_at=now)


def update(apps, schema_editor):
    first = _first()
    _replace(apps.get_model("pages", "Page"), first.A11Y_DE, first.A11Y_EN, A11Y_DE, A11Y_EN)


def revert(apps, schema_editor):
    first = _first()
    _replace(apps.get_model("pages", "Page"), A11Y_DE, A11Y_EN, first.A11Y_DE, first.A11Y_EN)


class Migration(migrations.Migration):
    dependencies = [("pages", "0003_privacy_what_and_how_long")]

    operations = [migrations.RunPython(update, revert)]
