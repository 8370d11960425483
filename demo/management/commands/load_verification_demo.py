from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.verification import SAMPLE, demo_extract_ensure


class Command(BaseCommand):
    help = _(
        "Importiert einen erfundenen Demo-Auszug des Melderegisters, damit der Abgleich auf "
        "/konto/wohnsitz/ ausprobiert werden kann. Ein zweiter Lauf ändert nichts."
    )

    def handle(self, *args, **options) -> None:
        batch = demo_extract_ensure()
        if batch is not None:
            self.stdout.write(
                _("Demo-Melderegister: %(rows)d Einträge importiert.") % {"rows": batch.rows}
            )
        self.stdout.write(
            _("Wohnsitz ausprobieren: %(given)s %(family)s, %(born)s, %(street)s %(number)s")
            % {
                "given": SAMPLE["Vornamen"],
                "family": SAMPLE["Familienname"],
                "born": SAMPLE["Geburtsdatum"],
                "street": SAMPLE["Strasse"],
                "number": SAMPLE["Hausnummer"],
            }
        )
