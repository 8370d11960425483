from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo import reports


class Command(BaseCommand):
    help = _(
        "Legt einen veröffentlichten Demo-Sachstandsbericht an (erstes Halbjahr) und, mit "
        "DEBUG, ein Demo-Stadtratsmitglied. Ein zweiter Lauf ändert nichts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--with-demo-logins",
            action="store_true",
            help=_(
                "das Demo-Stadtratsmitglied (veröffentlichtes Passwort) auch bei DEBUG=false "
                "anlegen"
            ),
        )

    def handle(self, *args, **options) -> None:
        # An account with a published password never appears on a production site by itself.
        if settings.DEBUG or options["with_demo_logins"]:
            reports.council_member_ensure()
            self.stdout.write(
                _("Demo-Stadtrat: %(email)s / %(password)s")
                % {"email": reports.DEMO_COUNCIL_EMAIL, "password": reports.DEMO_COUNCIL_PASSWORD}
            )
        report = reports.demo_report_ensure(actor=None)
        self.stdout.write(
            _("Demo-Sachstandsbericht: „%(title)s“ (%(state)s)")
            % {"title": report.title, "state": report.get_state_display()}
        )
