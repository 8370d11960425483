from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from geo.services import districts_create_demo


class Command(BaseCommand):
    help = _(
        "Legt die 30 Ortsteile Jenas mit angenäherten Grenzen an (aus ihren Mittelpunkten, "
        "nur für Demo und Tests) oder aktualisiert sie. Importierte Grenzen bleiben erhalten."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--replace-imported",
            action="store_true",
            help=_("auch importierte Grenzen durch die angenäherten ersetzen"),
        )

    def handle(self, *args, **options) -> None:
        verbose = options["verbosity"] > 1
        counts = districts_create_demo(
            stdout=self.stdout if verbose else None,
            replace_imported=options["replace_imported"],
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Ortsteile (Demo): %(created)d angelegt, %(updated)d aktualisiert, "
                    "%(unchanged)d unverändert, %(skipped)d übersprungen."
                )
                % counts
            )
        )
