"""Reads of the moderation: the queue of a project (or of the comments on measures),
its review requests and past decisions, and the decision shown in a statement of reasons.

Each function runs a fixed number of queries whatever the number of reports: items are
grouped in SQL, then loaded for one page with their open reports and decisions
prefetched, and every URL is built from fields already loaded.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.rules import prefetch_object_perms
from participation.budgets import stages
from participation.budgets.models import Budget, PaperSheet, PaperSheetState, Proposal
from participation.budgets.rules.ballots import enters_paper
from participation.budgets.rules.review import reviews_budget
from participation.budgets.selectors.review import OPEN_STATUSES
from participation.ideas.models import Comment, Idea
from participation.ideas.targets import (
    comment_select_related,
    registered_kinds,
    spec_for_kind,
    spec_of_comment,
)
from participation.moderation.models import Flag, FlagAlert, FlagReason, ModerationDecision
from projects.models import Project
from projects.rules import is_global_moderator, projects_moderated_by

Item = Idea | Comment
KINDS = ("idea", "comment")


def comment_anchor(comment_id: int) -> str:
    """The fragment of a comment in its thread (``id="comment-<pk>"``)."""
    return f"comment-{comment_id}"


# --- scope --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModerationScope:
    """What one queue covers: a project's ideas and comments, or (``project=None``)
    the comments on measures, which only global moderators handle."""

    project: Project | None

    @property
    def is_measures(self) -> bool:
        return self.project is None

    def q(self) -> Q:
        """Filter for Flag and ModerationDecision rows (both have ``idea``/``comment``)."""
        if self.project is None:
            return Q(comment__measure__isnull=False)
        condition = (
            Q(idea__project=self.project)
            | Q(comment__idea__project=self.project)
            | Q(comment__project=self.project)
        )
        for kind in registered_kinds():  # comments on proposals: the budget's project
            path = f"comment__{kind}__{spec_for_kind(kind).project_path}"
            condition |= Q(**{path: self.project})
        return condition

    def contains(self, item: Item) -> bool:
        if isinstance(item, Idea):
            return self.project is not None and item.project_id == self.project.pk
        if self.project is None:
            return item.measure_id is not None
        if item.idea_id:
            return item.idea.project_id == self.project.pk
        spec = spec_of_comment(item)
        if spec is not None:
            return spec.project(getattr(item, spec.kind)).pk == self.project.pk
        return item.project_id == self.project.pk

    # URLs of the scope's pages
    def _name(self, name: str) -> tuple[str, dict]:
        if self.project is None:
            return f"moderation:measures-{name}", {}
        return f"moderation:{name}", {"project_slug": self.project.slug}

    def queue_url(self) -> str:
        name, kwargs = self._name("queue")
        return reverse(name, kwargs=kwargs)

    def bulk_url(self) -> str:
        name, kwargs = self._name("bulk")
        return reverse(name, kwargs=kwargs)

    def item_url(self, kind: str, pk: int) -> str:
        name, kwargs = self._name("item")
        return reverse(name, kwargs={**kwargs, "kind": kind, "pk": pk})

    def review_url(self, decision_pk: int) -> str:
        name, kwargs = self._name("review")
        return reverse(name, kwargs={**kwargs, "pk": decision_pk})

    def flag_alert_url(self) -> str:
        """Switch the alerts about new reports on or off (projects only)."""
        if self.project is None:
            return ""
        return reverse("moderation:flag-alert", kwargs={"project_slug": self.project.slug})


def scope_of(item: Item) -> ModerationScope:
    if isinstance(item, Idea):
        return ModerationScope(item.project)
    if item.idea_id:
        return ModerationScope(item.idea.project)
    if item.project_id:
        return ModerationScope(item.project)
    return ModerationScope(None)


# --- items --------------------------------------------------------------------------------


def _safe_reverse(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # a slug the URL pattern does not accept: no link, no error
        return ""


def public_url(item: Item) -> str:
    """Where the item is shown on the site (the comment's anchor in its thread)."""
    if isinstance(item, Idea):
        return _safe_reverse("ideas:idea-detail", project_slug=item.project.slug, pk=item.pk)
    if item.idea_id:
        base = _safe_reverse(
            "ideas:idea-detail", project_slug=item.idea.project.slug, pk=item.idea_id
        )
    elif item.project_id:
        base = _safe_reverse("projects:project-detail", slug=item.project.slug)
    elif (spec := spec_of_comment(item)) is not None:
        try:
            base = spec.url(getattr(item, spec.kind))
        except NoReverseMatch:
            base = ""
    else:
        base = _safe_reverse("measures:measure-detail", slug=item.measure.slug)
    return f"{base}#{comment_anchor(item.pk)}" if base else ""


def decisions_prefetch() -> Prefetch:
    """Add to an idea or comment queryset so that ``{% moderation_notice %}`` and the
    queue need no query per item (newest decision first)."""
    return Prefetch(
        "moderation_decisions",
        queryset=ModerationDecision.objects.select_related(
            "moderator", "review_decided_by"
        ).order_by("-created_at", "-pk"),
    )


def decisions_of(item: Item) -> list[ModerationDecision]:
    """The item's decisions, newest first: prefetched ones if loaded, else one query."""
    cache = getattr(item, "_prefetched_objects_cache", {})
    if "moderation_decisions" in cache:
        return sorted(
            cache["moderation_decisions"],
            key=lambda decision: (decision.created_at, decision.pk),
            reverse=True,
        )
    return list(
        item.moderation_decisions.select_related("moderator", "review_decided_by").order_by(
            "-created_at", "-pk"
        )
    )


def current_decision(item: Item) -> ModerationDecision | None:
    decisions = decisions_of(item)
    return decisions[0] if decisions else None


def _open_flags_prefetch() -> Prefetch:
    return Prefetch(
        "flags",
        queryset=Flag.objects.filter(status=Flag.Status.OPEN)
        .select_related("reporter")
        .order_by("created_at", "pk"),
        to_attr="open_reports",
    )


def ideas_for_moderation() -> QuerySet[Idea]:
    return Idea.objects.select_related("project", "author").prefetch_related(
        _open_flags_prefetch(), decisions_prefetch()
    )


def comments_for_moderation() -> QuerySet[Comment]:
    return Comment.objects.select_related(
        "author", "idea", "idea__project", "project", "measure", *comment_select_related()
    ).prefetch_related(_open_flags_prefetch(), decisions_prefetch())


def item_for_moderation(*, kind: str, pk: int) -> Item:
    """One idea or comment with its open reports and decisions; DoesNotExist if none."""
    queryset = ideas_for_moderation() if kind == "idea" else comments_for_moderation()
    return queryset.get(pk=pk)


def items_by_keys(keys: list[tuple[str, int]]) -> dict[tuple[str, int], Item]:
    """Load many ideas and comments at once (two queries each with prefetches)."""
    ids = collections.defaultdict(list)
    for kind, pk in keys:
        ids[kind].append(pk)
    loaded: dict[tuple[str, int], Item] = {}
    if ids["idea"]:
        for idea in ideas_for_moderation().filter(pk__in=ids["idea"]):
            loaded["idea", idea.pk] = idea
    if ids["comment"]:
        for comment in comments_for_moderation().filter(pk__in=ids["comment"]):
            loaded["comment", comment.pk] = comment
    return loaded


def parse_item_key(value: str) -> tuple[str, int] | None:
    """ "idea:5" → ("idea", 5); None for anything else."""
    kind, _sep, pk = (value or "").partition(":")
    if kind not in KINDS or not pk.isdigit():
        return None
    return kind, int(pk)


def item_title(item: Item) -> str:
    """A short name of the item for headings and messages."""
    if isinstance(item, Idea):
        return item.title
    return Truncator(item.text).chars(80) if item.text else ""


@dataclass
class QueueItem:
    """One reported (or decided) idea or comment as the queue shows it."""

    kind: str
    obj: Item
    url: str
    item_url: str
    report_count: int = 0
    reports: list[Flag] = field(default_factory=list)
    reasons: list[tuple[str, int]] = field(default_factory=list)
    decisions: list[ModerationDecision] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.obj.pk}"

    @property
    def dom_id(self) -> str:
        return f"{self.kind}-{self.obj.pk}"

    @property
    def title(self) -> str:
        return item_title(self.obj)

    @property
    def excerpt(self) -> str:
        return Truncator(self.obj.text).chars(400)

    @property
    def author(self):
        return self.obj.author

    @property
    def latest_decision(self) -> ModerationDecision | None:
        return self.decisions[0] if self.decisions else None

    @property
    def is_auto_hidden(self) -> bool:
        latest = self.latest_decision
        return bool(
            self.obj.is_hidden
            and latest is not None
            and latest.action == ModerationDecision.Action.AUTO_HIDE
        )

    @property
    def is_deleted(self) -> bool:
        return bool(getattr(self.obj, "is_deleted", False))

    @property
    def context_label(self) -> str:
        """Where a comment was written (idea title, project or measure)."""
        obj = self.obj
        if isinstance(obj, Idea):
            return ""
        if obj.idea_id:
            return obj.idea.title
        if obj.project_id:
            return obj.project.title
        spec = spec_of_comment(obj)
        if spec is not None:
            return str(getattr(obj, spec.kind))
        return f"{obj.measure.code} {obj.measure.title}"

    @property
    def comment_target_label(self) -> str:
        """How a registered target introduces its comments ("zum Vorschlag")."""
        spec = spec_of_comment(self.obj) if isinstance(self.obj, Comment) else None
        return str(spec.label) if spec is not None else ""

    @property
    def comment_target_kind(self) -> str:
        obj = self.obj
        if isinstance(obj, Idea):
            return ""
        if obj.idea_id:
            return "idea"
        if obj.project_id:
            return "project"
        spec = spec_of_comment(obj)
        return spec.kind if spec is not None else "measure"


def queue_item(scope: ModerationScope, kind: str, obj: Item) -> QueueItem:
    reports = list(getattr(obj, "open_reports", []))
    labels = dict(FlagReason.choices)
    counts = collections.Counter(report.reason for report in reports)
    return QueueItem(
        kind=kind,
        obj=obj,
        url=public_url(obj),
        item_url=scope.item_url(kind, obj.pk),
        report_count=len(reports),
        reports=reports,
        reasons=[(str(labels.get(reason, reason)), n) for reason, n in counts.most_common()],
        decisions=decisions_of(obj),
    )


# --- the queue ----------------------------------------------------------------------------


def open_flag_groups(*, scope: ModerationScope, kind: str = "") -> QuerySet:
    """Items with open reports in ``scope``, one row per item (``idea_id``/``comment_id``,
    ``report_count``, ``last_reported``), most recently reported first: paginate this."""
    queryset = Flag.objects.filter(scope.q(), status=Flag.Status.OPEN)
    if kind == "idea":
        queryset = queryset.filter(idea__isnull=False)
    elif kind == "comment":
        queryset = queryset.filter(comment__isnull=False)
    return (
        queryset.order_by()
        .values("idea_id", "comment_id")
        .annotate(report_count=Count("pk"), last_reported=Max("created_at"))
        .order_by("-last_reported", "idea_id", "comment_id")
    )


def queue_items(*, scope: ModerationScope, groups) -> list[QueueItem]:
    """The page of grouped rows from ``open_flag_groups`` as QueueItems, in order."""
    keys = [
        ("idea", row["idea_id"]) if row["idea_id"] else ("comment", row["comment_id"])
        for row in groups
    ]
    loaded = items_by_keys(keys)
    return [queue_item(scope, kind, loaded[kind, pk]) for kind, pk in keys if (kind, pk) in loaded]


def _decision_related(queryset: QuerySet[ModerationDecision]) -> QuerySet[ModerationDecision]:
    return queryset.select_related(
        "moderator",
        "review_decided_by",
        "idea",
        "idea__project",
        "idea__author",
        "comment",
        "comment__author",
        "comment__idea",
        "comment__idea__project",
        "comment__project",
        "comment__measure",
        *(f"comment__{path}" for path in comment_select_related()),
    )


def pending_reviews(*, scope: ModerationScope) -> QuerySet[ModerationDecision]:
    """Decisions whose author asked for a review not yet decided, oldest request first."""
    return _decision_related(
        ModerationDecision.objects.filter(
            scope.q(), review_requested_at__isnull=False, review_outcome=""
        )
    ).order_by("review_requested_at", "pk")


def decisions_in_scope(*, scope: ModerationScope, kind: str = "") -> QuerySet[ModerationDecision]:
    """All decisions of the scope, newest first (the "decided" view of the queue)."""
    queryset = ModerationDecision.objects.filter(scope.q())
    if kind == "idea":
        queryset = queryset.filter(idea__isnull=False)
    elif kind == "comment":
        queryset = queryset.filter(comment__isnull=False)
    return _decision_related(queryset).order_by("-created_at", "-pk")


def open_counts(*, scope: ModerationScope) -> dict[str, int]:
    """How many items wait for a decision, and how many review requests (2 queries)."""
    return {
        "items": Flag.objects.filter(scope.q(), status=Flag.Status.OPEN)
        .order_by()
        .values("idea_id", "comment_id")
        .distinct()
        .count(),
        "reviews": ModerationDecision.objects.filter(
            scope.q(), review_requested_at__isnull=False, review_outcome=""
        ).count(),
    }


def flag_alert_enabled(*, user, scope: ModerationScope) -> bool:
    """Whether ``user`` asked to be told about new reports in the scope's project (one
    query; the measures' queue has none)."""
    if scope.project is None or user is None or not user.is_authenticated:
        return False
    return FlagAlert.objects.filter(user=user, project=scope.project).exists()


def flags_for_api(*, scope: ModerationScope, status: str = "") -> QuerySet[Flag]:
    """Reports of the scope with their item's decisions, newest first."""
    queryset = Flag.objects.filter(scope.q())
    if status:
        queryset = queryset.filter(status=status)
    return (
        queryset.select_related("reporter", "idea", "comment")
        .prefetch_related(
            Prefetch(
                "idea__moderation_decisions",
                queryset=ModerationDecision.objects.select_related("moderator").order_by(
                    "-created_at", "-pk"
                ),
            ),
            Prefetch(
                "comment__moderation_decisions",
                queryset=ModerationDecision.objects.select_related("moderator").order_by(
                    "-created_at", "-pk"
                ),
            ),
        )
        .order_by("-created_at", "-pk")
    )


def personal_data(user) -> dict:
    """What moderation stores about one person, for their copy of their data (GDPR art.
    15): the flags they made, the decisions about their content with their requests for
    review (DSA art. 20), their alerts about new flags. A fixed number of queries."""

    def iso(value) -> str | None:
        return value.isoformat() if value is not None else None

    decisions = list(
        ModerationDecision.objects.filter(idea__author=user).select_related("idea")
    ) + list(ModerationDecision.objects.filter(comment__author=user).select_related("comment"))
    return {
        "reports_made": [
            {
                "on": {"idea": r.idea_id} if r.idea_id else {"comment": r.comment_id},
                "reason": r.reason,
                "text": r.text,
                "status": r.status,
                "created_at": iso(r.created_at),
            }
            for r in Flag.objects.filter(reporter=user)
        ],
        "moderation_of_my_content": [
            {
                "on": {"idea": d.idea_id} if d.idea_id else {"comment": d.comment_id},
                "action": d.action,
                "rule": d.rule,
                "statement": d.statement,
                "created_at": iso(d.created_at),
                "review_requested_at": iso(d.review_requested_at),
                "review_text": d.review_text,
                "review_outcome": d.review_outcome,
                "review_decided_at": iso(d.review_decided_at),
            }
            for d in decisions
        ],
        "report_alerts": list(
            FlagAlert.objects.filter(user=user).values_list("project__title", flat=True)
        ),
    }


# --- all queues of one person (the header's "Moderation" page) ------------------------------


@dataclass
class QueueSummary:
    """One queue on the overview: where it is, what waits there."""

    title: str
    url: str
    open_items: int = 0
    open_reviews: int = 0
    kind: str = "project"  # "project", "measures", "budget-review", "budget-paper"
    label: str = ""  # what the count counts, for the budget queues

    @property
    def total(self) -> int:
        return self.open_items + self.open_reviews


def _project_paths() -> list[tuple[str, str]]:
    """(path from a Flag or ModerationDecision to its project, the item it counts)."""
    paths = [
        ("idea__project", "idea_id"),
        ("comment__idea__project", "comment_id"),
        ("comment__project", "comment_id"),
    ]
    for kind in registered_kinds():
        paths.append((f"comment__{kind}__{spec_for_kind(kind).project_path}", "comment_id"))
    return paths


def _counts_per_project(model, condition: Q, project_ids: list[int], *, distinct_items: bool):
    """Per project: open flagged items (distinct) or rows (review requests); one query
    per path from the row to its project, whatever the number of projects."""
    counts: collections.Counter = collections.Counter()
    for path, item in _project_paths():
        rows = (
            model.objects.filter(condition, **{f"{path}__in": project_ids})
            .order_by()
            .values(f"{path}_id")
            .annotate(n=Count(item, distinct=True) if distinct_items else Count("pk"))
        )
        for row in rows:
            project_id = row[f"{path}_id"]
            counts[project_id] += row["n"]
    return counts


def _paper_open(budget: Budget) -> bool:
    """Paper ballots are entered once the board confirmed the ballot and the voting
    began (``rules.ballots.paper_closed_refusal``; from the loaded confirmation and
    phases, no query)."""
    phase = stages.voting_phase(budget)
    return stages.is_frozen(budget) and phase is not None and phase.start <= timezone.now()


def moderation_overview(*, user) -> list[QueueSummary]:
    """Every queue ``user`` works in, with what waits there: the queue of each project
    they moderate, the comments on measures (the city's moderation), and the review and
    paper-ballot queues of the Bürgerbudgets they review or enter. Who may do what comes
    from the rules (``projects.rules``, ``participation.budgets.rules``); a fixed number
    of queries, whatever the number of projects and budgets."""
    queues: list[QueueSummary] = []
    if is_global_moderator(user):
        counts = open_counts(scope=ModerationScope(None))
        queues.append(
            QueueSummary(
                title=str(_("Kommentare zu Maßnahmen")),
                url=reverse("moderation:measures-queue"),
                open_items=counts["items"],
                open_reviews=counts["reviews"],
                kind="measures",
            )
        )
    projects = list(projects_moderated_by(user).order_by("title", "pk"))
    ids = [project.pk for project in projects]
    if ids:
        flags = _counts_per_project(Flag, Q(status=Flag.Status.OPEN), ids, distinct_items=True)
        reviews = _counts_per_project(
            ModerationDecision,
            Q(review_requested_at__isnull=False, review_outcome=""),
            ids,
            distinct_items=False,
        )
        for project in projects:
            queues.append(
                QueueSummary(
                    title=project.title,
                    url=reverse("moderation:queue", kwargs={"project_slug": project.slug}),
                    open_items=flags[project.pk],
                    open_reviews=reviews[project.pk],
                )
            )
    budgets = list(
        Budget.objects.select_related("project", "confirmation")
        .prefetch_related("project__phases")
        .order_by("-year", "project__title")
    )
    prefetch_object_perms(user, [budget.project for budget in budgets])
    reviewed = [budget for budget in budgets if reviews_budget(user, budget)]
    paper = [budget for budget in budgets if enters_paper(user, budget) and _paper_open(budget)]
    open_proposals = (
        dict(
            Proposal.objects.filter(budget__in=reviewed, status__in=OPEN_STATUSES)
            .order_by()
            .values("budget_id")
            .annotate(n=Count("pk"))
            .values_list("budget_id", "n")
        )
        if reviewed
        else {}
    )
    mismatches = (
        dict(
            PaperSheet.objects.filter(station__budget__in=paper, state=PaperSheetState.MISMATCH)
            .order_by()
            .values("station__budget_id")
            .annotate(n=Count("pk"))
            .values_list("station__budget_id", "n")
        )
        if paper
        else {}
    )
    for budget in reviewed:
        queues.append(
            QueueSummary(
                title=str(budget),
                url=reverse("budgets:review-queue", kwargs={"slug": budget.project.slug}),
                open_items=open_proposals.get(budget.pk, 0),
                kind="budget-review",
                label=str(_("Vorschläge ungeprüft")),
            )
        )
    for budget in paper:
        queues.append(
            QueueSummary(
                title=str(budget),
                url=reverse("budgets:paper-sheets", kwargs={"slug": budget.project.slug})
                + "?state=mismatch",
                open_items=mismatches.get(budget.pk, 0),
                kind="budget-paper",
                label=str(_("Papierstimmzettel mit Abweichung")),
            )
        )
    return queues
