from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.media_copy import ALREADY_THERE, COPIED, FAILED, MISSING, media_copy


class Command(BaseCommand):
    help = _(
        "Kopiert die hochgeladenen Dateien aus MEDIA_ROOT und PRIVATE_ROOT in den "
        "eingestellten Speicher (Objektspeicher, S3_BUCKET/S3_PRIVATE_BUCKET), unter "
        "demselben Namen. Ein zweiter Lauf kopiert nichts, ein abgebrochener Lauf macht "
        "beim nächsten Mal weiter; lokal wird nichts gelöscht."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("nur prüfen und berichten, nichts kopieren"),
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            help=_("Ordner der öffentlichen Dateien (Standard: MEDIA_ROOT)"),
        )
        parser.add_argument(
            "--private-root",
            type=Path,
            help=_("Ordner der privaten Dateien (Standard: PRIVATE_ROOT)"),
        )

    def handle(self, *args, **options) -> None:
        verbosity = options["verbosity"]
        labels = {
            COPIED: _("zu kopieren") if options["dry_run"] else _("kopiert"),
            ALREADY_THERE: _("schon da"),
            MISSING: _("fehlt auf der Platte"),
            FAILED: _("fehlgeschlagen"),
        }

        def progress(storage: str, name: str, what: str, why: str) -> None:
            line = f"  {storage}: {name} – {labels[what]}" + (f" ({why})" if why else "")
            if what == FAILED:
                self.stderr.write(self.style.ERROR(line))
            elif what == MISSING:
                self.stderr.write(self.style.WARNING(line))
            elif verbosity >= 2:
                self.stdout.write(line)

        storages = settings.STORAGES
        self.stdout.write(
            _("Ziel: %(public)s (öffentlich), %(private)s (privat)")
            % {
                "public": storages["default"]["BACKEND"].rsplit(".", 1)[-1],
                "private": storages["private"]["BACKEND"].rsplit(".", 1)[-1],
            }
        )
        report = media_copy(
            media_root=options["media_root"],
            private_root=options["private_root"],
            dry_run=options["dry_run"],
            progress=progress,
        )
        counts = report.counts
        summary = _(
            "%(copied_label)s: %(copied)d, schon da: %(already)d, fehlt auf der Platte: "
            "%(missing)d, fehlgeschlagen: %(failed)d."
        ) % {
            "copied_label": labels[COPIED].capitalize(),
            "copied": counts[COPIED],
            "already": counts[ALREADY_THERE],
            "missing": counts[MISSING],
            "failed": counts[FAILED],
        }
        style = self.style.ERROR if counts[FAILED] else (
            self.style.WARNING if counts[MISSING] else self.style.SUCCESS
        )
        self.stdout.write(style(summary))
        if report.dry_run:
            self.stdout.write(_("Probelauf: nichts kopiert."))
        if counts[FAILED]:
            raise CommandError(
                _("%(count)d Datei(en) nicht kopiert; ein neuer Lauf versucht sie wieder.")
                % {"count": counts[FAILED]}
            )
