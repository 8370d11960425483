import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from demo import participation as demo_data
from demo import polls as demo_polls
from participation.ideas.models import Comment, Idea, Vote
from participation.moderation.models import Flag, ModerationDecision
from participation.polls.models import Poll, Submission
from projects.models import Category, Phase, Project


class Command(BaseCommand):
    help = _(
        "Lädt Demodaten der Beteiligung: drei Projekte in verschiedenen Phasen mit rund 300 "
        "Ideen in Jenas Ortsteilen, Kommentaren, Unterstützungen, Antworten der Stadt und "
        "einem Moderationsfall. Braucht die Strategie-Demo (load_jena_demo). Legt nur "
        "Fehlendes an; ein zweiter Lauf ändert nichts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--with-demo-logins",
            action="store_true",
            help=_(
                "der Demo-Moderation und der ersten Demo-Bewohnerin ihre veröffentlichten "
                "Passwörter auch bei DEBUG=false geben"
            ),
        )

    def handle(self, *args, **options) -> None:
        # Accounts with a published password never appear on a production site by itself.
        logins = settings.DEBUG or options["with_demo_logins"]
        quiet = [logging.getLogger(name) for name in ("projects.services",)]
        levels = [log.level for log in quiet]
        if options["verbosity"] < 2:
            # A log line per saved project is noise here; the summary says it all.
            for log in quiet:
                log.setLevel(logging.WARNING)
        try:
            # The demo's comments and responses notify its fictional residents: keep the
            # notifications (in-app) but send no e-mail (they would flood the console).
            # The posting limits count per clock hour: weeks of demo activity written in
            # one run would hit them in one run and not in the next (a second run in a
            # new hour would then add what the first refused), so they are off here.
            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
                POSTING_RATE_LIMITS={},
            ):
                result = demo_data.load_participation_demo(login_accounts=logins)
        except demo_data.DemoDataMissing as error:
            raise CommandError(str(error)) from error
        finally:
            for log, level in zip(quiet, levels, strict=True):
                log.setLevel(level)

        slugs = [spec.slug for spec in demo_data.project_specs(timezone.now())]
        projects = Project.objects.filter(slug__in=slugs)
        ideas = Idea.objects.filter(project__in=projects)
        emails = [demo_data.resident_email(n) for n in range(1, len(demo_data.RESIDENTS) + 1)]
        residents = get_user_model().objects.filter(email__in=emails).count()
        rows = [
            (_("Beteiligungsprojekte"), projects.count(), "projects"),
            (_("Phasen"), Phase.objects.filter(project__in=projects).count(), "phases"),
            (_("Kategorien"), Category.objects.filter(project__in=projects).count(), "categories"),
            (_("Ideen"), ideas.count(), "ideas"),
            (_("Ideen mit Foto"), ideas.exclude(image="").count(), "photos"),
            (_("Kommentare"), Comment.objects.count(), "comments"),
            (_("Unterstützungen"), Vote.objects.count(), "votes"),
            (_("Antworten der Stadt"), ideas.exclude(official_response="").count(), "responses"),
            (_("Meldungen"), Flag.objects.count(), "reports"),
            (
                _("Moderationsentscheidungen"),
                ModerationDecision.objects.count(),
                "moderation_decisions",
            ),
            (_("Demo-Bewohner:innen"), residents, "residents"),
            (
                _("Umfragen"),
                Poll.objects.filter(phase__project__slug=demo_polls.SLUG).count(),
                "polls",
            ),
            (
                _("Abgeschickte Antwortbögen"),
                Submission.objects.filter(
                    poll__phase__project__slug=demo_polls.SLUG, state="submitted"
                ).count(),
                "poll_submissions",
            ),
        ]
        for label, total, kind in rows:
            self.stdout.write(
                _("%(label)s: %(total)d (%(new)d neu)")
                % {"label": label, "total": total, "new": result.created[kind]}
            )
        self.stdout.write(
            _("Davon Ideen ohne Punkt (nur Ortsteil und Ortsbeschreibung): %(count)d")
            % {"count": ideas.filter(location__isnull=True).count()}
        )
        skipped = sum(result.skipped.values())
        if skipped:
            self.stdout.write(
                _(
                    "%(count)d Einträge übersprungen (eine Phase ist inzwischen vorbei oder "
                    "wurde während der Demo geändert)."
                )
                % {"count": skipped}
            )
        if not logins:
            self.stdout.write(
                _(
                    "Demo-Zugänge ohne Passwort angelegt: DEBUG ist aus (mit "
                    "--with-demo-logins trotzdem Passwörter setzen)."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo-Moderation (alle drei Projekte): %(email)s / %(password)s")
                % {"email": demo_data.MODERATOR_EMAIL, "password": demo_data.MODERATOR_PASSWORD}
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo-Bewohnerin (%(name)s): %(email)s / %(password)s")
                % {
                    "name": demo_data.resident_name(1),
                    "email": demo_data.resident_email(1),
                    "password": demo_data.RESIDENT_PASSWORD,
                }
            )
        )
