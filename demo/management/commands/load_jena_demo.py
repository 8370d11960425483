import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo import strategy
from measures.models import (
    CoreArea,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBundle,
    Milestone,
    OrganisationalUnit,
    ProgressUpdate,
)


class Command(BaseCommand):
    help = _(
        "Lädt die Smart-City-Strategie Jenas als Demodaten (Kernbereiche, Handlungsfelder, "
        "9 Bündel, rund 50 Maßnahmen mit Verlauf) samt Ortsteilen und einer "
        "Demo-Maßnahmenverantwortlichen. Legt nur Fehlendes an; ein zweiter Lauf ändert nichts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--with-demo-manager",
            action="store_true",
            help=_(
                "die Demo-Maßnahmenverantwortliche (veröffentlichtes Passwort) auch bei "
                "DEBUG=false anlegen"
            ),
        )

    def handle(self, *args, **options) -> None:
        # An account with a published password never appears on a production site by itself.
        with_demo_manager = settings.DEBUG or options["with_demo_manager"]
        call_command("create_demo_districts", stdout=self.stdout, verbosity=options["verbosity"])
        services_log = logging.getLogger("measures.services")
        previous_level = services_log.level
        if options["verbosity"] < 2:
            # One log line per published Sachstand is noise here; the summary says it all.
            services_log.setLevel(logging.WARNING)
        try:
            result = strategy.load_jena_demo(demo_manager=with_demo_manager)
        finally:
            services_log.setLevel(previous_level)

        rows = [
            (_("Kernbereiche"), CoreArea, "core_areas"),
            (_("Handlungsfelder"), FieldOfAction, "fields"),
            (_("Maßnahmenbündel"), MeasureBundle, "bundles"),
            (_("Organisationseinheiten"), OrganisationalUnit, "units"),
            (_("Maßnahmen"), Measure, "measures"),
            (_("Sachstände"), ProgressUpdate, "progress_updates"),
            (_("Meilensteine"), Milestone, "milestones"),
            (_("Indikatoren"), Indicator, "indicators"),
            (_("Indikatorwerte"), IndicatorValue, "indicator_values"),
        ]
        for label, model, kind in rows:
            self.stdout.write(
                _("%(label)s: %(total)d (%(new)d neu)")
                % {"label": label, "total": model.objects.count(), "new": result.created[kind]}
            )
        flagged = Measure.objects.with_flags()
        self.stdout.write(
            _("Davon verzögert: %(delayed)d, ohne aktuellen Sachstand: %(stale)d")
            % {
                "delayed": flagged.filter(is_delayed=True).count(),
                "stale": flagged.filter(is_stale=True).count(),
            }
        )
        if result.skipped_future:
            self.stdout.write(
                _("%(count)d Einträge liegen in der Zukunft und folgen bei einem späteren Lauf.")
                % {"count": result.skipped_future}
            )
        if not with_demo_manager:
            self.stdout.write(
                _(
                    "Demo-Maßnahmenverantwortliche nicht angelegt: DEBUG ist aus "
                    "(mit --with-demo-manager trotzdem anlegen)."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo-Maßnahmenverantwortliche: %(email)s / %(password)s (Einheit: %(unit)s)")
                % {
                    "email": strategy.DEMO_MANAGER_EMAIL,
                    "password": strategy.DEMO_MANAGER_PASSWORD,
                    "unit": result.demo_unit.name,
                }
            )
        )
