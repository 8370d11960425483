"""The Bürgerbudget: a budget per year (a participation project with its phases),
proposals with costs, their public review, the board's confirmation that freezes the
ballot, ballots (online and paper, each a version history), the count and the
implementation of the funded proposals.

A ``Budget`` is one-to-one with a ``projects.Project``: the project gives the title, the
page, the districts and area, the moderators, the categories and the phases with their
dates and eligibility (``projects.eligibility``). A budget's phases use the project phase
types; ``allows_ideas`` in a budget means "proposals may be submitted", ``allows_votes``
in a submission phase means "support", in a voting phase "cast a ballot".

Money is whole euros (``PositiveIntegerField``): proposals are estimated in euros and the
counting (``counting.py``) works with exact integers.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from djgeojson.fields import PointField

from core.easy_summary import easy_summary_field
from core.models import CrossFieldChecksMixin
from geo.validation import validate_geojson_geometry


def validate_proposal_location(value) -> None:
    validate_geojson_geometry(value, allowed_types=("Point",))


class VotingMethod(models.TextChoices):
    CUMULATIVE = "cumulative", _("Kumulieren: k Stimmen, beliebig viele auf einen Vorschlag")
    APPROVAL = "approval", _("Zustimmung: höchstens n Vorschläge, je eine Stimme")
    KNAPSACK = "knapsack", _("Rucksack: Vorschläge bis zur Höhe des Budgets wählen")


class CountingMethod(models.TextChoices):
    GREEDY = "greedy", _("nach Stimmen, solange das Geld reicht (greedy)")
    EQUAL_SHARES = "equal_shares", _("Methode der gleichen Anteile (Equal Shares)")


class PaperPrecedence(models.TextChoices):
    ONLINE_WINS = "online_wins", _("die Online-Stimme gilt")
    LATER_WINS = "later_wins", _("die zuletzt abgegebene Stimme gilt")


class VoteScope(models.TextChoices):
    """Where a person may vote when a year has several budgets (e.g. per district)."""

    EVERY_BUDGET = "every", _("in jedem Budget des Jahres, für das die Person berechtigt ist")
    OWN_DISTRICT = "own_district", _("nur im Budget des eigenen Ortsteils")
    ONE_PER_YEAR = "one_per_year", _("in genau einem Budget des Jahres (frei wählbar)")


class Budget(models.Model):
    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("Beteiligungsprojekt"),
        on_delete=models.CASCADE,
        related_name="budget",
        help_text=_(
            "Titel, Seite, Phasen mit Terminen, Kategorien und Ortsteile kommen vom Projekt."
        ),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"), validators=[MinValueValidator(2000)])
    amount = models.PositiveIntegerField(
        _("Betrag des Jahres (€)"),
        help_text=_("Ohne den Rest aus dem Vorjahr; der wird berechnet und dazugezählt."),
    )
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("Rest übernommen aus"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text=_("Das Budget des Vorjahres, dessen nicht ausgegebener Betrag übernommen wird."),
    )
    cap_per_proposal = models.PositiveIntegerField(_("Höchstbetrag je Vorschlag (€)"))
    voting_method = models.CharField(
        _("Abstimmungsverfahren"),
        max_length=20,
        choices=VotingMethod.choices,
        default=VotingMethod.CUMULATIVE,
    )
    votes_per_ballot = models.PositiveSmallIntegerField(
        _("Stimmen je Person"),
        null=True,
        blank=True,
        default=5,
        help_text=_(
            "Kumulieren: Zahl der Stimmen; Zustimmung: höchstens so viele Vorschläge; "
            "Rucksack: leer."
        ),
    )
    counting_method = models.CharField(
        _("Auszählungsverfahren"),
        max_length=20,
        choices=CountingMethod.choices,
        default=CountingMethod.GREEDY,
    )
    paper_precedence = models.CharField(
        _("wenn eine Person online und auf Papier abstimmt"),
        max_length=20,
        choices=PaperPrecedence.choices,
        default=PaperPrecedence.ONLINE_WINS,
        help_text=_(
            "Voreinstellung: die Online-Stimme gilt – sie ist mit der bestätigten Person "
            "verknüpft und von ihr selbst geprüft; ein Papierzettel wird dann als doppelt "
            "vermerkt und nicht gezählt."
        ),
    )
    vote_scope = models.CharField(
        _("wo eine Person abstimmen darf"),
        max_length=20,
        choices=VoteScope.choices,
        default=VoteScope.EVERY_BUDGET,
    )

    class Meta:
        verbose_name = _("Bürgerbudget")
        verbose_name_plural = _("Bürgerbudgets")
        ordering = ["-year", "project__title"]
        permissions = [
            ("review_proposal", _("Kann Vorschläge des Bürgerbudgets prüfen")),
            ("enter_paper_ballot", _("Kann Papierstimmzettel erfassen")),
            ("count_budget", _("Kann die Auszählung durchführen und veröffentlichen")),
            ("record_board_decision", _("Kann die Bestätigung durch den Beirat erfassen")),
        ]

    def __str__(self) -> str:
        return f"{self.project.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("budgets:budget-detail", kwargs={"slug": self.project.slug})


class ProposalSource(models.TextChoices):
    ONLINE = "online", _("online")
    EMAIL = "email", _("per E-Mail")
    LETTER = "letter", _("per Brief")
    DESK = "desk", _("persönlich / am Schalter")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("eingereicht")
    IN_REVIEW = "in_review", _("in Prüfung")
    VALID = "valid", _("zulässig")
    INVALID = "invalid", _("nicht zulässig")
    MERGED = "merged", _("zusammengeführt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    IN_PROGRESS = "in_progress", _("in Umsetzung")
    COMPLETED = "completed", _("umgesetzt")
    DELAYED = "delayed", _("verzögert")
    CANCELLED = "cancelled", _("nicht umsetzbar")


class Proposal(CrossFieldChecksMixin, models.Model):
    budget = models.ForeignKey(
        Budget,
        verbose_name=_("Bürgerbudget"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    number = models.PositiveIntegerField(_("Nummer"), editable=False)
    title = models.CharField(
        _("Titel"),
        max_length=140,
        error_messages={"blank": _("Bitte geben Sie Ihrem Vorschlag einen Titel.")},
    )
    description = models.TextField(
        _("Beschreibung"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        error_messages={"blank": _("Bitte beschreiben Sie Ihren Vorschlag.")},
    )
    easy_summary = easy_summary_field()
    estimated_cost = models.PositiveIntegerField(
        _("geschätzte Kosten (€)"), validators=[MinValueValidator(1)]
    )
    reviewed_cost = models.PositiveIntegerField(
        _("geprüfte Kosten (€)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leer: die geschätzten Kosten gelten."),
    )
    category = models.ForeignKey(
        "projects.Category",
        verbose_name=_("Kategorie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    district = models.ForeignKey(
        "geo.District",
        verbose_name=_("Ortsteil"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    location = PointField(
        _("Ort auf der Karte"), null=True, blank=True, validators=[validate_proposal_location]
    )
    place_description = models.CharField(
        _("Adresse oder Ortsbeschreibung"), max_length=200, blank=True
    )
    image = models.ImageField(_("Bild"), upload_to="budgets/%Y/%m/", blank=True)
    image_alt = models.CharField(_("Bildbeschreibung"), max_length=250, blank=True)

    # Who: a resident online, or a person without an account whose letter or e-mail staff
    # entered (name shown as given, contact never public).
    source = models.CharField(
        _("eingegangen"),
        max_length=10,
        choices=ProposalSource.choices,
        default=ProposalSource.ONLINE,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_proposals",
    )
    author_name = models.CharField(
        _("Name der einreichenden Person"),
        max_length=120,
        blank=True,
        help_text=_("Für Vorschläge per Brief oder E-Mail ohne Konto; öffentlich sichtbar."),
    )
    author_contact = models.CharField(
        _("Kontakt (nicht öffentlich)"),
        max_length=250,
        blank=True,
        help_text=_(
            "E-Mail-Adresse oder Anschrift, um die Person über die Prüfung zu informieren."
        ),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    received_on = models.DateField(_("eingegangen am"), null=True, blank=True)

    # Review (published: the decision and its reason).
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
        db_index=True,
    )
    city_responsible = models.BooleanField(_("Zuständigkeit der Stadt"), null=True, blank=True)
    lawful = models.BooleanField(_("rechtlich zulässig"), null=True, blank=True)
    feasible = models.BooleanField(_("umsetzbar"), null=True, blank=True)
    review_reason = models.TextField(
        _("Begründung (öffentlich)"), blank=True, validators=[MaxLengthValidator(5000)]
    )
    review_notes = models.TextField(_("interne Notizen"), blank=True)
    review_due = models.DateField(_("Prüfung fällig bis"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Prüferin/Prüfer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("zusammengeführt mit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
    )

    # After the count: implementation, tracked like a measure.
    implementation_status = models.CharField(
        _("Stand der Umsetzung"),
        max_length=20,
        choices=ImplementationStatus.choices,
        blank=True,
    )
    implementation_progress = models.PositiveSmallIntegerField(
        _("Fortschritt (%)"), default=0, validators=[MinValueValidator(0)]
    )

    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    support_count = models.PositiveIntegerField(_("Unterstützungen"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("Kommentare"), default=0, editable=False)
    created_at = models.DateTimeField(_("eingereicht am"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Vorschlag")
        verbose_name_plural = _("Vorschläge")
        ordering = ["budget", "number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="proposal_number_per_budget"),
            models.CheckConstraint(
                condition=~Q(author__isnull=True, author_name=""),
                name="proposal_has_an_author",
            ),
            models.CheckConstraint(
                condition=Q(implementation_progress__lte=100),
                name="proposal_progress_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "budgets:proposal-detail",
            kwargs={"slug": self.budget.project.slug, "number": self.number},
        )

    @property
    def cost(self) -> int:
        """The cost that counts: the reviewed one when set."""
        return self.reviewed_cost or self.estimated_cost

    @property
    def author_display(self) -> str:
        return self.author.public_name if self.author_id is not None else self.author_name

    def cross_field_errors(self, skip: set[str]):
        if (
            "category" not in skip
            and self.category_id is not None
            and self.category.project_id != self.budget.project_id
        ):
            yield "category", _("Diese Kategorie gehört nicht zu diesem Bürgerbudget.")
        if "image_alt" not in skip and self.image and not self.image_alt:
            yield (
                "image_alt",
                _(
                    "Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist – für Menschen, "
                    "die es nicht sehen können."
                ),
            )
        if (
            "merged_into" not in skip
            and self.status == ProposalStatus.MERGED
            and self.merged_into_id is None
        ):
            yield "merged_into", _("Bitte wählen Sie den Vorschlag, mit dem zusammengeführt wird.")


class Support(models.Model):
    """A resident supports a proposal during submission (when the phase allows votes)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="support_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class BoardConfirmation(models.Model):
    """The advisory board (Beirat für Bürgerbeteiligung) confirms the list of valid
    proposals. Recording it freezes the ballot: proposals and costs then change only by a
    logged ``Correction`` with a reason."""

    budget = models.OneToOneField(
        Budget,
        verbose_name=_("Bürgerbudget"),
        on_delete=models.CASCADE,
        related_name="confirmation",
    )
    meeting_date = models.DateField(_("Sitzung am"))
    decision = models.TextField(_("Beschluss"), validators=[MaxLengthValidator(5000)])
    minutes = models.FileField(_("Protokoll (Datei)"), upload_to="budgets/minutes/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    proposal_count = models.PositiveIntegerField(_("Vorschläge auf dem Stimmzettel"))

    class Meta:
        verbose_name = _("Bestätigung durch den Beirat")
        verbose_name_plural = _("Bestätigungen durch den Beirat")

    def __str__(self) -> str:
        return str(self.budget)


class Correction(models.Model):
    """A change to a proposal after the board's confirmation, with its reason."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("Feld"), max_length=50)
    old_value = models.TextField(_("bisher"), blank=True)
    new_value = models.TextField(_("neu"), blank=True)
    reason = models.TextField(_("Begründung"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geändert von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    made_at = models.DateTimeField(_("geändert am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Korrektur nach der Bestätigung")
        verbose_name_plural = _("Korrekturen nach der Bestätigung")
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.proposal} – {self.field}"


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("auf Papier")


class Ballot(models.Model):
    """One person's ballot in one budget: one row (database constraint on the person's
    key), its choices the last version's. ``voter_key`` is the keyed hash of the
    person's register entry (``verification``), or ``user:<id>`` for a confirmation
    without one, so an online and a paper ballot of the same person meet here."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    voter_key = models.CharField(_("Schlüssel der Person"), max_length=80)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_ballots",
    )
    channel = models.CharField(_("Weg"), max_length=10, choices=BallotChannel.choices)
    choices = models.JSONField(_("Stimmen"), default=dict)  # {"<proposal id>": points}
    version = models.PositiveIntegerField(_("Fassung"), default=1)
    district = models.ForeignKey(
        "geo.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Ortsteil der Person, für die Beteiligung je Ortsteil."),
    )
    cast_at = models.DateTimeField(_("zuletzt abgegeben"))

    class Meta:
        verbose_name = _("Stimmzettel")
        verbose_name_plural = _("Stimmzettel")
        constraints = [
            models.UniqueConstraint(fields=["budget", "voter_key"], name="ballot_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id} #{self.pk}"


class BallotVersion(models.Model):
    """Each change of a ballot; the last one counts (``Ballot.choices``)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    choices = models.JSONField(default=dict)
    channel = models.CharField(max_length=10, choices=BallotChannel.choices)
    cast_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "number"], name="ballot_version_once"),
        ]
        ordering = ["ballot", "number"]

    def __str__(self) -> str:
        return f"{self.ballot_id} v{self.number}"


class PollingStation(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="polling_stations")
    name = models.CharField(_("Name"), max_length=120)
    address = models.CharField(_("Anschrift"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Abstimmungsort")
        verbose_name_plural = _("Abstimmungsorte")
        constraints = [
            models.UniqueConstraint(fields=["budget", "name"], name="polling_station_name"),
        ]

    def __str__(self) -> str:
        return self.name


class PaperSheetState(models.TextChoices):
    AWAITING_SECOND = "awaiting_second", _("wartet auf die zweite Erfassung")
    MISMATCH = "mismatch", _("Abweichung – bitte klären")
    ACCEPTED = "accepted", _("übereinstimmend erfasst, gezählt")
    INVALID = "invalid", _("ungültig")
    DUPLICATE = "duplicate", _("Person hat schon abgestimmt – nicht gezählt")


class PaperSheet(models.Model):
    """A paper ballot from a polling station's sheets, entered twice by two different
    staff members (``PaperEntry``). Only when both entries agree does it become the
    person's ``Ballot``; a mismatch stays flagged until resolved."""

    station = models.ForeignKey(PollingStation, on_delete=models.CASCADE, related_name="sheets")
    sheet_number = models.CharField(_("Nummer des Zettels"), max_length=30)
    state = models.CharField(
        _("Stand"),
        max_length=20,
        choices=PaperSheetState.choices,
        default=PaperSheetState.AWAITING_SECOND,
        db_index=True,
    )
    ballot = models.ForeignKey(
        Ballot, on_delete=models.SET_NULL, null=True, blank=True, related_name="sheets"
    )
    note = models.TextField(_("Vermerk"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Papierstimmzettel")
        verbose_name_plural = _("Papierstimmzettel")
        constraints = [
            models.UniqueConstraint(fields=["station", "sheet_number"], name="paper_sheet_once"),
        ]

    def __str__(self) -> str:
        return f"{self.station} {self.sheet_number}"


class PaperEntry(models.Model):
    """One staff member's entry of a paper sheet: the person (as a register key, not in
    clear) and the choices as read from the sheet."""

    sheet = models.ForeignKey(PaperSheet, on_delete=models.CASCADE, related_name="entries")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    voter_key = models.CharField(max_length=80, blank=True)
    district = models.ForeignKey(
        "geo.District", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    choices = models.JSONField(default=dict)
    marked_invalid = models.BooleanField(_("Zettel ungültig"), default=False)
    invalid_reason = models.CharField(_("Grund"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "entered_by"], name="paper_entry_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} ({self.entered_by_id})"


class Count(models.Model):
    """A count of the ballots by the budget's method. ``result`` is the stored outcome
    (decisions with explanations, totals per channel); publishing makes it the result."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="counts")
    method = models.CharField(max_length=20, choices=CountingMethod.choices)
    available = models.PositiveIntegerField(_("verfügbarer Betrag (€)"))
    spent = models.PositiveIntegerField(_("vergeben (€)"))
    remainder = models.PositiveIntegerField(_("Rest (€)"))
    result = models.JSONField(default=dict)
    ballots_online = models.PositiveIntegerField(default=0)
    ballots_paper = models.PositiveIntegerField(default=0)
    ballots_invalid = models.PositiveIntegerField(default=0)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    protocol = models.FileField(
        _("Zählprotokoll (PDF)"), upload_to="budgets/protocols/", blank=True
    )

    class Meta:
        verbose_name = _("Auszählung")
        verbose_name_plural = _("Auszählungen")
        ordering = ["-finished_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget"],
                condition=Q(published_at__isnull=False),
                name="count_published_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget} – {self.get_method_display()}"


class Funding(models.Model):
    """A proposal funded by the published count (its decision and the amount)."""

    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="fundings")
    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="funding")
    amount = models.PositiveIntegerField(_("Betrag (€)"))
    rank = models.PositiveIntegerField(_("Rang"))

    def __str__(self) -> str:
        return f"{self.proposal} ({self.amount} €)"


class ImplementationUpdate(models.Model):
    """A dated progress update on a funded proposal ("what became of it")."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="implementation_updates"
    )
    date = models.DateField(_("Datum"))
    status = models.CharField(_("Stand"), max_length=20, choices=ImplementationStatus.choices)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"))
    text = models.TextField(_("Text"), validators=[MaxLengthValidator(5000)])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Umsetzungsstand")
        verbose_name_plural = _("Umsetzungsstände")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="implementation_progress_lte_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} – {self.date}"
