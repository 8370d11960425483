"""Participation statistics: how many ideas, comments and votes, and how many different
people took part — per project, per Ortsteil (district) and per month; and, apart from
that, the residents' feedback on the strategy (comments on measures) per measure bundle.

Pure reads (selectors) for the council dashboard, the status reports and the open data.
What counts:

* only content of **published** projects (drafts never count);
* only **visible** content: ideas not hidden by the moderation; comments neither hidden
  nor deleted, on a visible idea or directly on a project; votes on visible ideas.
  Comments on measures are feedback on the strategy, not part of a participation
  project: they never count in the participation figures, only in ``measure_feedback``;
* **participants** are distinct people who proposed, commented or voted (a person who
  did all three counts once). Content whose author deleted their account still counts
  as content but adds no participant.

Every contribution is counted once, where it belongs: an idea, its comments and its votes
in the idea's project and the idea's district; a comment directly on a project in that
project and, having no district, in the row "ohne Ortsteil". So the rows of
``participation_by_project`` and of ``participation_by_district`` each add up to
``participation_totals`` (participants excepted: a person active in two projects is one
participant in the totals).

``since``/``until`` (``datetime.date``, both inclusive, either may be None) limit the
count to contributions created in that span, days taken in the site's time zone
(``TIME_ZONE``, Europe/Berlin); participants are then the people active in the span.

``measure_feedback`` counts the comments on measures by the same rules: neither hidden
nor deleted (replies count like any comment), only on measures the public site shows
(``measures.selectors.measures_visible_to`` for a visitor: ``is_public``), each in the
bundle of its measure; its participants are the distinct people who commented (one
person commenting on several bundles is one participant in the total), authors who
deleted their account add none.

Queries: each function runs a fixed number of SQL queries whatever the number of rows
(``participation_by_project`` 2, ``participation_by_district`` 2,
``participation_over_time`` 1, ``participation_totals`` 2, ``measure_feedback`` 3). The
counting happens in the database: one query adds up a UNION ALL of all contributions,
so a distinct person is counted across ideas, comments and votes at once (the ORM cannot
aggregate over a UNION, hence the small SQL wrapper in ``_tally``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import Count, Expression, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext

from core.translation import localized
from geo.models import District
from measures.models import MeasureBundle
from measures.selectors import measures_visible_to
from participation.ideas.models import Comment, Idea, Vote
from projects.models import Project

__all__ = [
    "BundleFeedback",
    "DistrictParticipation",
    "MeasureFeedback",
    "MonthParticipation",
    "ParticipationCounts",
    "ParticipationTotals",
    "ProjectParticipation",
    "measure_feedback",
    "participation_by_district",
    "participation_by_project",
    "participation_over_time",
    "participation_totals",
    "visible_comments",
    "visible_ideas",
    "visible_measure_comments",
    "visible_votes",
]


# --- Results ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ParticipationCounts:
    """The four numbers every row carries."""

    ideas: int = 0
    comments: int = 0
    votes: int = 0
    #: distinct people who proposed, commented or voted (each counted once)
    participants: int = 0

    @property
    def contributions(self) -> int:
        """Ideas, comments and votes together."""
        return self.ideas + self.comments + self.votes


@dataclass(frozen=True, kw_only=True)
class ProjectParticipation(ParticipationCounts):
    """One published project (also when nobody has taken part yet: all zero)."""

    project_id: int
    slug: str
    title: str


@dataclass(frozen=True, kw_only=True)
class DistrictParticipation(ParticipationCounts):
    """One Ortsteil, or (``district_id`` None, ``slug`` "") the contributions without one:
    ideas without a point in a district and their comments and votes, and comments
    directly on a project."""

    district_id: int | None
    slug: str
    name: str


@dataclass(frozen=True, kw_only=True)
class MonthParticipation(ParticipationCounts):
    """One calendar month; ``participants`` are the people active in that month."""

    month: str  # ISO "YYYY-MM"


@dataclass(frozen=True, kw_only=True)
class ParticipationTotals(ParticipationCounts):
    """Everything in the span; ``projects`` is the number of published projects."""

    projects: int
    since: datetime.date | None = None
    until: datetime.date | None = None


@dataclass(frozen=True, kw_only=True)
class BundleFeedback:
    """Comments on the public measures of one bundle (also when there are none: zeros)."""

    bundle_id: int
    number: int
    title: str
    comments: int = 0
    #: distinct people who commented on a measure of this bundle
    participants: int = 0


@dataclass(frozen=True, kw_only=True)
class MeasureFeedback:
    """The residents' comments on measures in the span: in total and per bundle (every
    bundle, in number order). ``participants`` is not the sum of the rows' participants:
    a person who commented in two bundles is one participant here."""

    comments: int = 0
    participants: int = 0
    by_bundle: tuple[BundleFeedback, ...] = ()
    since: datetime.date | None = None
    until: datetime.date | None = None


# --- Public functions ---------------------------------------------------------------------


def participation_by_project(
    *, since: datetime.date | None = None, until: datetime.date | None = None
) -> list[ProjectParticipation]:
    """Every published project with its counts, ordered by title (2 queries).

    Comments on the project's ideas and comments directly on the project both count for
    the project.
    """
    rows = _tally(_PROJECT_KEYS, since=since, until=until)
    counts = {key: value for key, value in rows}
    projects = (
        Project.objects.filter(status=Project.Status.PUBLISHED)
        .order_by(localized("title"), "pk")
        .values_list("pk", "slug", "title")
    )
    return [
        ProjectParticipation(project_id=pk, slug=slug, title=title, **counts.get((pk,), {}))
        for pk, slug, title in projects
    ]


def participation_by_district(
    *, since: datetime.date | None = None, until: datetime.date | None = None
) -> list[DistrictParticipation]:
    """Every Ortsteil with its counts, ordered by name; then, only when it is not empty,
    one row ``district_id=None`` for what lies in no district (2 queries).

    Comments and votes count in the district of their idea.
    """
    rows = _tally(_DISTRICT_KEYS, since=since, until=until)
    counts = {key: value for key, value in rows}
    districts = District.objects.order_by("name").values_list("pk", "slug", "name")
    result = [
        DistrictParticipation(district_id=pk, slug=slug, name=name, **counts.get((pk,), {}))
        for pk, slug, name in districts
    ]
    without_district = counts.get((None,))
    if without_district:
        result.append(
            DistrictParticipation(
                district_id=None, slug="", name=gettext("ohne Ortsteil"), **without_district
            )
        )
    return result


def participation_over_time(
    *, since: datetime.date | None = None, until: datetime.date | None = None
) -> list[MonthParticipation]:
    """One row per calendar month, oldest first, months without activity included as
    zeros (1 query).

    The months run from the month of ``since`` (else the first month with activity) to
    the month of ``until`` (else the current month, or a later month with activity).
    Empty list when there is no activity and no ``since``.
    """
    rows = _tally(_MONTH_KEYS, since=since, until=until)
    counts = {(int(year), int(month)): value for (year, month), value in rows}
    first = (since.year, since.month) if since else min(counts, default=None)
    if first is None:
        return []
    if until:
        last = (until.year, until.month)
    else:
        today = timezone.localdate()
        last = max([(today.year, today.month), *counts])
    result = []
    year, month = first
    while (year, month) <= last:
        result.append(
            MonthParticipation(month=f"{year:04d}-{month:02d}", **counts.get((year, month), {}))
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def participation_totals(
    *, since: datetime.date | None = None, until: datetime.date | None = None
) -> ParticipationTotals:
    """All visible participation in published projects, with the distinct participants
    over all of it (2 queries)."""
    rows = _tally({}, since=since, until=until)
    counts = rows[0][1] if rows else {}
    projects = Project.objects.filter(status=Project.Status.PUBLISHED).count()
    return ParticipationTotals(projects=projects, since=since, until=until, **counts)


def measure_feedback(
    *, since: datetime.date | None = None, until: datetime.date | None = None
) -> MeasureFeedback:
    """Visible comments (replies included) on public measures and the distinct people
    who wrote them, in total and per measure bundle (3 queries).

    Not part of the participation figures above: feedback on the strategy itself.
    """
    comments = _day_span(visible_measure_comments(), since, until).order_by()
    per_bundle = {
        row["measure__bundle_id"]: row
        for row in comments.values("measure__bundle_id").annotate(
            comments=Count("pk"), participants=Count("author_id", distinct=True)
        )
    }
    # COUNT(DISTINCT author_id) skips NULL: a deleted account adds no participant.
    totals = comments.aggregate(
        comments=Count("pk"), participants=Count("author_id", distinct=True)
    )
    bundles = MeasureBundle.objects.order_by("number", "pk").values_list("pk", "number", "title")
    return MeasureFeedback(
        comments=totals["comments"] or 0,
        participants=totals["participants"] or 0,
        by_bundle=tuple(
            BundleFeedback(
                bundle_id=pk,
                number=number,
                title=title,
                comments=per_bundle.get(pk, {}).get("comments", 0),
                participants=per_bundle.get(pk, {}).get("participants", 0),
            )
            for pk, number, title in bundles
        ),
        since=since,
        until=until,
    )


# --- What counts --------------------------------------------------------------------------

IDEA, COMMENT, VOTE = 1, 2, 3
PUBLISHED = Project.Status.PUBLISHED


def visible_ideas() -> QuerySet[Idea]:
    """Ideas that count: not hidden, in a published project."""
    return Idea.objects.filter(is_hidden=False, project__status=PUBLISHED)


def visible_comments() -> QuerySet[Comment]:
    """Comments that count: neither deleted nor hidden, on a counted idea or directly on
    a published project (not on measures)."""
    return Comment.objects.filter(is_deleted=False, is_hidden=False).filter(
        Q(idea__is_hidden=False, idea__project__status=PUBLISHED)
        | Q(idea__isnull=True, project__status=PUBLISHED)
    )


def visible_measure_comments() -> QuerySet[Comment]:
    """Comments on measures that count as feedback: neither deleted nor hidden, on a
    measure the public site shows (the rule of the public measure pages)."""
    return Comment.objects.filter(
        is_deleted=False,
        is_hidden=False,
        measure__in=measures_visible_to(None).values("pk"),
    )


def visible_votes() -> QuerySet[Vote]:
    """Votes that count: on a counted idea."""
    return Vote.objects.filter(idea__is_hidden=False, idea__project__status=PUBLISHED)


# Grouping keys per kind of contribution: {kind: {column alias: expression}}. The aliases
# and their order must be the same for the three kinds (they are UNION ALL columns).
KeySpec = dict[int, dict[str, Expression]]

_PROJECT_KEYS: KeySpec = {
    IDEA: {"key_project": F("project_id")},
    COMMENT: {"key_project": Coalesce(F("idea__project_id"), F("project_id"))},
    VOTE: {"key_project": F("idea__project_id")},
}
_DISTRICT_KEYS: KeySpec = {
    IDEA: {"key_district": F("district_id")},
    COMMENT: {"key_district": F("idea__district_id")},
    VOTE: {"key_district": F("idea__district_id")},
}
_MONTH_KEYS: KeySpec = {
    kind: {"key_year": ExtractYear("created_at"), "key_month": ExtractMonth("created_at")}
    for kind in (IDEA, COMMENT, VOTE)
}

_SOURCES: tuple[tuple[int, Callable[[], QuerySet], str], ...] = (
    (IDEA, visible_ideas, "author_id"),
    (COMMENT, visible_comments, "author_id"),
    (VOTE, visible_votes, "user_id"),
)


def _day_span(
    queryset: QuerySet, since: datetime.date | None, until: datetime.date | None
) -> QuerySet:
    """Created on ``since`` or later and on ``until`` or earlier (local days), as a range
    on the column so an index on ``created_at`` can serve it."""
    if since is not None:
        queryset = queryset.filter(created_at__gte=_start_of(since))
    if until is not None:
        queryset = queryset.filter(created_at__lt=_start_of(until + datetime.timedelta(days=1)))
    return queryset


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _tally(
    keys: KeySpec, *, since: datetime.date | None, until: datetime.date | None
) -> list[tuple[tuple, dict[str, int]]]:
    """[(key tuple, {"ideas", "comments", "votes", "participants"})] in ONE query.

    Builds ``SELECT kind, person, <keys> ... UNION ALL ...`` over ideas, comments and
    votes with the ORM (filters, joins, time zone handling stay Django's), and wraps it
    in an aggregate: per key, the rows of each kind and the distinct persons. No keys:
    one row (the key is the empty tuple), or none when nothing counts.
    """
    key_names = list(next(iter(keys.values()))) if keys else []
    parts = []
    for kind, source, person in _SOURCES:
        parts.append(
            _day_span(source(), since, until)
            .order_by()
            .values(
                **keys.get(kind, {}),
                kind=Value(kind, output_field=IntegerField()),
                person=F(person),
            )
        )
    contributions = parts[0].union(*parts[1:], all=True)
    inner_sql, params = contributions.query.sql_with_params()
    connection = connections[contributions.db]
    quote = connection.ops.quote_name
    group = ", ".join(quote(name) for name in key_names)
    per_kind = ", ".join(
        f"SUM(CASE WHEN {quote('kind')} = {kind} THEN 1 ELSE 0 END)"
        for kind in (IDEA, COMMENT, VOTE)
    )
    # Only quoted aliases from this module and Django's own SQL (its values as params).
    sql = (
        f"SELECT {group + ', ' if group else ''}{per_kind}, "  # noqa: S608
        f"COUNT(DISTINCT {quote('person')}) "
        f"FROM ({inner_sql}) {quote('contributions')}"
    )
    if group:
        sql += f" GROUP BY {group}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    result = []
    width = len(key_names)
    for row in fetched:
        ideas, comments, votes, participants = (int(value or 0) for value in row[width:])
        if not (ideas or comments or votes):
            continue  # the no-key aggregate over nothing
        result.append(
            (
                tuple(row[:width]),
                {
                    "ideas": ideas,
                    "comments": comments,
                    "votes": votes,
                    "participants": participants,
                },
            )
        )
    return result
