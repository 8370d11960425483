from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backup import BackupError, backup_create, human_size


class Command(BaseCommand):
    help = _(
        "Sichert die Datenbank (PostgreSQL: pg_dump; SQLite: eine konsistente Kopie) und "
        "alle hochgeladenen Dateien (öffentlicher und privater Speicher) in einen neuen "
        "Ordner unter BACKUP_ROOT, mit einem Manifest (Zeilen je Tabelle, Größe und "
        "SHA-256 jeder Datei, Migrationsstand). Zurück mit manage.py restore ORDNER."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--root",
            type=Path,
            help=_("Ordner, in dem der Sicherungsordner angelegt wird (Standard: BACKUP_ROOT)"),
        )

    def handle(self, *args, **options) -> None:
        root = Path(options["root"] or settings.BACKUP_ROOT)
        verbose = options["verbosity"] >= 2
        try:
            folder, manifest = backup_create(
                root=root,
                progress=(lambda line: self.stdout.write(line)) if verbose else (lambda line: None),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = manifest["storages"]
        file_bytes = sum(entry["bytes"] for entry in files.values())
        self.stdout.write(
            _(
                "Datenbank: %(vendor)s, %(tables)d Tabellen, %(rows)d Zeilen "
                "(%(size)s). Dateien: %(public)d öffentlich, %(private)d privat "
                "(%(file_size)s). %(seconds).1f s."
            )
            % {
                "vendor": manifest["database"]["vendor"],
                "tables": len(manifest["tables"]),
                "rows": manifest["rows"],
                "size": human_size(manifest["database"]["size"]),
                "public": files["default"]["count"],
                "private": files["private"]["count"],
                "file_size": human_size(file_bytes),
                "seconds": manifest["seconds"],
            }
        )
        for item in manifest["missing_files"]:
            self.stderr.write(
                self.style.WARNING(
                    _("Datei fehlt im Speicher, obwohl die Datenbank sie nennt: %(key)s")
                    % {"key": item["key"]}
                )
            )
        self.stdout.write(self.style.SUCCESS(_("Sicherung: %(folder)s") % {"folder": folder}))
