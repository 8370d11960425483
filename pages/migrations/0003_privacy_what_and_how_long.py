"""The privacy page lists what is stored, why and for how long, and how to get a copy or
delete the account. Only a page still carrying the first default text is replaced: what
an editor has written stays."""

import importlib

from django.db import migrations

PRIVACY_DE = """Wir verarbeiten nur Daten, die für den Betrieb dieses Portals nötig sind. Es gibt kein Tracking, keine Analyse- oder Werbe-Cookies.

Was wir speichern, wozu und wie lange:
- Konto: E-Mail-Adresse, Anzeigename, optional Wohn-Ortsteil und Sprache – für die Anmeldung und Benachrichtigungen; bis Sie das Konto löschen. Nie bestätigte Konten ohne Beiträge löschen wir nach 14 Tagen.
- Beiträge (Ideen mit Ort und Foto, Kommentare): öffentlich mit Ihrem Anzeigenamen; bis Sie sie oder Ihr Konto löschen. Fotos werden ohne Metadaten (z. B. GPS) gespeichert.
- Unterstützungen: wer was unterstützt hat, bis Sie Ihr Konto löschen; danach nur noch als Zahl.
- Abonnements und Benachrichtigungen: Benachrichtigungen löschen wir nach 365 Tagen.
- Meldungen und Moderationsentscheidungen: zur Nachvollziehbarkeit (Digital Services Act); Ihr Name wird beim Löschen des Kontos entfernt.
- Sitzung: ein technisch notwendiges Cookie; die Anmeldung endet nach 4 Stunden ohne Aktivität.
- Server-Protokolle (Adresse, Zeitpunkt, Browserkennung): höchstens 14 Tage, um Störungen und Angriffe zu erkennen.
- Ihre Datenauskunft (Kopie Ihrer Daten): 7 Tage, dann gelöscht.

Karten: Kartenkacheln werden vom eingestellten Kachelserver geladen; dabei erhält dieser Ihre IP-Adresse. Das ist die einzige Anfrage an einen anderen Server.

Ihre Rechte: Auskunft und Datenübertragbarkeit (unter „Mein Konto“ → „Meine Daten herunterladen“), Berichtigung (im Profil), Löschung (unter „Mein Konto“ → „Konto löschen“), Einschränkung der Verarbeitung, Widerspruch und Beschwerde bei der Aufsichtsbehörde (Thüringer Landesbeauftragter für den Datenschutz und die Informationsfreiheit).

Hinweis: Diese Angaben sind ein Muster für die Demo-Installation; die Redaktion ergänzt die verbindliche Fassung in der Verwaltung."""

PRIVACY_EN = """We only process data that this portal needs to work. There is no tracking, no analytics or advertising cookies.

What we store, why and for how long:
- Account: e-mail address, display name, optionally home district and language – for signing in and notifications; until you delete the account. Accounts never confirmed and without contributions are deleted after 14 days.
- Contributions (ideas with place and photo, comments): public with your display name; until you delete them or your account. Photos are stored without metadata (such as GPS).
- Supports: who supported what, until you delete your account; after that only as a number.
- Subscriptions and notifications: notifications are deleted after 365 days.
- Reports and moderation decisions: kept so that decisions can be traced (Digital Services Act); your name is removed when you delete your account.
- Session: one technically necessary cookie; a sign-in ends after 4 hours without activity.
- Server logs (address, time, browser identification): at most 14 days, to detect faults and attacks.
- Your copy of your data: 7 days, then deleted.

Maps: map tiles are loaded from the configured tile server, which receives your IP address. It is the only request to another server.

Your rights: access and data portability (under “My account” → “Download my data”), rectification (in the profile), erasure (under “My account” → “Delete account”), restriction, objection and complaint to the supervisory authority (Thuringian data protection commissioner).

Note: this text is a template for the demo installation."""


def update(apps, schema_editor):
    first = importlib.import_module("pages.migrations.0002_default_pages")
    Page = apps.get_model("pages", "Page")
    Page.objects.filter(slug="datenschutz", body_de=first.PRIVACY_DE).update(body_de=PRIVACY_DE)
    Page.objects.filter(slug="datenschutz", body_en=first.PRIVACY_EN).update(body_en=PRIVACY_EN)


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_default_pages")]

    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
