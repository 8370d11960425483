from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backup import BackupError, human_size, restore


class Command(BaseCommand):
    help = _(
        "Stellt eine Sicherung von manage.py backup wieder her: ersetzt die Datenbank, "
        "legt jede Datei wieder in den Speicher (fehlende Buckets werden angelegt) und "
        "vergleicht danach Zeilen je Tabelle und Prüfsummen mit dem Manifest. Vorher "
        "Web, Worker und Beat anhalten."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path, help=_("der Sicherungsordner"))
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("eine Datenbank, die nicht leer ist, ersetzen"),
        )

    def handle(self, *args, **options) -> None:
        verbose = options["verbosity"] >= 2
        try:
            report = restore(
                folder=options["folder"],
                replace=options["yes"],
                progress=(lambda line: self.stdout.write(line)) if verbose else (lambda line: None),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for label in report.buckets_created:
            self.stdout.write(_("Angelegt: %(label)s") % {"label": label})
        self.stdout.write(
            _(
                "Datenbank: %(tables)d Tabellen, %(rows)d Zeilen. Dateien: %(public)d "
                "öffentlich, %(private)d privat (%(size)s). %(seconds).1f s."
            )
            % {
                "tables": report.tables,
                "rows": report.rows,
                "public": report.files.get("default", 0),
                "private": report.files.get("private", 0),
                "size": human_size(report.bytes),
                "seconds": report.seconds,
            }
        )
        extra = sum(report.extra_files.values())
        if extra:
            self.stdout.write(
                _("%(count)d Datei(en) im Speicher gehören nicht zur Sicherung (nicht gelöscht).")
                % {"count": extra}
            )
        if report.unapplied_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "%(count)d Migration(en) des Codes sind in der Sicherung nicht "
                        "angewendet: manage.py migrate ausführen."
                    )
                    % {"count": report.unapplied_migrations}
                )
            )
        if report.problems:
            raise CommandError(
                _("Wiederhergestellt, aber %(count)d Abweichung(en) vom Manifest:\n%(lines)s")
                % {
                    "count": len(report.problems),
                    "lines": "\n".join(f"  {line}" for line in report.problems[:50]),
                }
            )
        self.stdout.write(self.style.SUCCESS(_("Geprüft: alles wie in der Sicherung.")))
