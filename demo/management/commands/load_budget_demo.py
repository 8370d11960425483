import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from demo import budgets as demo_budgets
from demo import participation as demo_data
from participation.budgets.models import Ballot, Budget, PaperSheet, Proposal
from verification.models import RegisterImport

STAFF_EMAIL = "buergerbudget@jena-smart.example"
STAFF_NAME = "Koordinierungsstelle Bürgerbeteiligung (Demo)"
STAFF_PERMISSIONS = (
    "review_proposal",
    "record_board_decision",
    "enter_paper_ballot",
    "count_budget",
)


def _staff():
    user, _created = get_user_model().objects.get_or_create(
        email=STAFF_EMAIL, defaults={"display_name": STAFF_NAME, "is_staff": True}
    )
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="budgets", codename__in=STAFF_PERMISSIONS
        )
    )
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


class Command(BaseCommand):
    help = _(
        "Lädt das Demo-Bürgerbudget: 2025 mit Ergebnis und Umsetzung, 2026 in der "
        "Abstimmung mit 30 Vorschlägen, Online- und Papierstimmen. Braucht load_jena_demo, "
        "load_participation_demo und load_verification_demo. Ein zweiter Lauf ändert nichts."
    )

    def handle(self, *args, **options) -> None:
        user_model = get_user_model()
        moderator = user_model.objects.filter(email=demo_data.MODERATOR_EMAIL).first()
        emails = [demo_data.resident_email(n) for n in range(1, len(demo_data.RESIDENTS) + 1)]
        authors = list(user_model.objects.filter(email__in=emails).order_by("email"))
        if moderator is None or not authors:
            raise CommandError(_("Bitte zuerst load_participation_demo ausführen."))
        if not RegisterImport.objects.filter(deleted_at__isnull=True).exists():
            raise CommandError(_("Bitte zuerst load_verification_demo ausführen."))
        staff = _staff()
        # A line per receipt and task is noise here; the summary says it all.
        quiet = [logging.getLogger(name) for name in ("celery", "participation.budgets")]
        levels = [log.level for log in quiet]
        for log in quiet:
            log.setLevel(logging.WARNING)
        try:
            # Receipts and review answers go to fictional people: no e-mail.
            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
                POSTING_RATE_LIMITS={},
            ):
                result = demo_budgets.load_budget_demo(
                    moderator=moderator,
                    staff=staff,
                    clerks=(moderator, staff),
                    authors=authors[1:],  # the first demo resident is the newcomer's account
                )
        except demo_budgets.BudgetDemoMissing as error:
            raise CommandError(
                _("Bitte zuerst %(command)s ausführen.") % {"command": error}
            ) from error
        finally:
            for log, level in zip(quiet, levels, strict=True):
                log.setLevel(level)
        rows = (
            (_("Bürgerbudgets"), Budget.objects.count(), "budgets"),
            (_("Vorschläge"), Proposal.objects.count(), "proposals"),
            (_("Stimmzettel"), Ballot.objects.count(), "ballots"),
            (_("Papierstimmzettel"), PaperSheet.objects.count(), "paper sheets"),
        )
        for label, total, kind in rows:
            self.stdout.write(
                _("%(label)s: %(total)d (%(new)d neu)")
                % {"label": label, "total": total, "new": result.created.get(kind, 0)}
            )
        self.stdout.write(
            _(
                "Abstimmen ausprobieren: als Demo-Bewohnerin anmelden, den Wohnsitz auf "
                "/konto/wohnsitz/ mit der Beispielperson bestätigen, dann /buergerbudget/"
                "buergerbudget-2026/abstimmen/."
            )
        )
