from django.db import migrations

IMPRINT_DE = """Anbieter dieses Portals ist die Stadt Jena.

Stadtverwaltung Jena
Am Anger 15
07743 Jena

Die Stadt Jena ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch den Oberbürgermeister.

Hinweis: Diese Angaben sind ein Muster für die Demo-Installation. Die Redaktion ersetzt sie in der Verwaltung unter „Seiten“ durch das verbindliche Impressum."""

IMPRINT_EN = """This portal is provided by the City of Jena.

Stadtverwaltung Jena
Am Anger 15
07743 Jena, Germany

Note: this text is a template for the demo installation. Editors replace it with the binding legal notice in the administration under "Pages"."""

PRIVACY_DE = """Wir verarbeiten nur Daten, die für den Betrieb dieses Portals nötig sind.

Was wir speichern: Beim Besuch speichert der Server technisch notwendige Angaben (aufgerufene Adresse, Zeitpunkt, Browserkennung) für höchstens 14 Tage, um Störungen und Angriffe zu erkennen. Wer ein Konto anlegt, hinterlegt eine E-Mail-Adresse und einen selbst gewählten Anzeigenamen; ein Klarname ist freiwillig.

Cookies: Wir setzen nur technisch notwendige Cookies (Sitzung, Sprachwahl, Schutz vor Cross-Site-Request-Forgery). Es gibt keine Analyse- oder Werbe-Cookies und kein Tracking.

Karten: Kartenkacheln werden vom eingestellten Kachelserver geladen; dabei erhält dieser Ihre IP-Adresse.

Ihre Rechte: Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, Datenübertragbarkeit und Beschwerde bei der Aufsichtsbehörde (Thüringer Landesbeauftragter für den Datenschutz und die Informationsfreiheit).

Hinweis: Diese Angaben sind ein Muster für die Demo-Installation; die Redaktion ergänzt die verbindliche Fassung in der Verwaltung."""

PRIVACY_EN = """We only process data that this portal needs to work.

What we store: when you visit, the server keeps technically necessary details (address requested, time, browser identification) for at most 14 days to detect faults and attacks. If you create an account, you give an e-mail address and a display name of your choice; a real name is voluntary.

Cookies: only technically necessary cookies (session, language choice, protection against cross-site request forgery). No analytics, no advertising, no tracking.

Maps: map tiles are loaded from the configured tile server, which receives your IP address.

Your rights: access, rectification, erasure, restriction, data portability and complaint to the supervisory authority (Thuringian data protection commissioner).

Note: this text is a template for the demo installation."""

A11Y_DE = """Die Stadt Jena ist bemüht, dieses Portal im Einklang mit der Thüringer Barrierefreie-Informationstechnik-Verordnung und der BITV 2.0 barrierefrei zugänglich zu machen (WCAG 2.1, Stufe AA).

Stand der Vereinbarkeit: Das Portal ist weitgehend vereinbar. Alle Seiten sind mit der Tastatur bedienbar und funktionieren ohne JavaScript. Karten und Diagramme haben jeweils eine gleichwertige Liste oder Tabelle.

Nicht barrierefreie Inhalte: Die Kartenansicht selbst ist für Screenreader nur eingeschränkt nutzbar; nutzen Sie die Liste daneben.

Erstellung dieser Erklärung: Selbstbewertung der Entwicklerinnen und Entwickler (Muster für die Demo-Installation).

Durchsetzungsverfahren: Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Schlichtungsstelle nach dem Thüringer Gesetz zur Gleichstellung und Verbesserung der Integration von Menschen mit Behinderungen wenden."""

A11Y_EN = """The City of Jena aims to make this portal accessible in accordance with the Thuringian regulation on accessible information technology and BITV 2.0 (WCAG 2.1, level AA).

Compliance status: the portal is largely compliant. Every page can be used with the keyboard and works without JavaScript. Maps and charts each have an equivalent list or table.

Content that is not accessible: the map view itself is only partly usable with screen readers; please use the list beside it.

Preparation of this statement: self-assessment by the developers (template for the demo installation).

Enforcement: if you do not receive a satisfactory answer to your feedback, you can contact the arbitration body under the Thuringian equal opportunities act for people with disabilities."""

PAGES = [
    ("impressum", "Impressum", "Legal notice", IMPRINT_DE, IMPRINT_EN),
    ("datenschutz", "Datenschutzerklärung", "Privacy policy", PRIVACY_DE, PRIVACY_EN),
    ("barrierefreiheit", "Erklärung zur Barrierefreiheit", "Accessibility statement", A11Y_DE, A11Y_EN),
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for slug, title_de, title_en, body_de, body_en in PAGES:
        Page.objects.get_or_create(
            slug=slug,
            defaults={"title_de": title_de, "title_en": title_en, "body_de": body_de, "body_en": body_en},
        )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
