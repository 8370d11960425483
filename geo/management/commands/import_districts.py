from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from geo.services import DistrictImportError, districts_import_geojson


class Command(BaseCommand):
    help = _(
        "Importiert Ortsteilgrenzen aus einer GeoJSON-FeatureCollection (WGS 84, ein "
        "Polygon oder MultiPolygon je Ortsteil, Name in der Eigenschaft „name“)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=_("Pfad zur GeoJSON-Datei"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("nur prüfen und berichten, nichts speichern"),
        )
        parser.add_argument(
            "--source",
            help=_("Quellenangabe für die Grenzen (Standard: der Dateiname)"),
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        source = options["source"] or path.name
        try:
            report = districts_import_geojson(
                path_or_file=path, source=source, dry_run=options["dry_run"]
            )
        except DistrictImportError as exc:
            raise CommandError(_("%(file)s: %(error)s") % {"file": path, "error": exc}) from exc

        summary = _(
            "%(file)s: %(created)d neu, %(updated)d aktualisiert, %(rejected)d abgelehnt."
        ) % {
            "file": path.name,
            "created": len(report.created),
            "updated": len(report.updated),
            "rejected": len(report.rejected),
        }
        self.stdout.write(
            self.style.WARNING(summary) if report.rejected else self.style.SUCCESS(summary)
        )
        for name in report.created:
            self.stdout.write(_("  neu: %(name)s") % {"name": name})
        for name in report.updated:
            self.stdout.write(_("  aktualisiert: %(name)s") % {"name": name})
        for label, reason in report.rejected:
            self.stdout.write(
                self.style.ERROR(
                    _("  abgelehnt: %(label)s – %(reason)s") % {"label": label, "reason": reason}
                )
            )
        if report.dry_run:
            self.stdout.write(_("Probelauf: nichts gespeichert."))
