"""Reads of ideas, shared by the list page, the map's GeoJSON and the API.

One FilterSet (``IdeaFilter``) filters and sorts for all three, so the map and the list
always show the same set. The selectors own the joins: a list of any length runs a fixed
number of queries, and URLs are built from fields already loaded.
"""

from __future__ import annotations

import datetime
import hashlib
from json.encoder import encode_basestring

import django_filters
from django import forms
from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
    TextField,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from core.translation import localized
from geo.models import District
from measures.models import Measure
from participation.ideas.models import Idea, IdeaStatus
from participation.ideas.rules import moderates_ideas_of
from projects.models import Category, Project
from projects.rules import can_see_project

# --- Visibility ---------------------------------------------------------------------------


def ideas_visible_to(*, user, project: Project) -> QuerySet[Idea]:
    """The project's ideas that ``user`` may see.

    Published projects (drafts only for their moderators and staff). Hidden ideas only
    for their author and the project's moderators (and global moderators).
    """
    if not can_see_project(user, project):
        return Idea.objects.none()
    ideas = Idea.objects.filter(project=project)
    if moderates_ideas_of(user, project):
        return ideas
    if user is not None and user.is_authenticated:
        return ideas.filter(Q(is_hidden=False) | Q(author=user))
    return ideas.filter(is_hidden=False)


def ideas_for_list(*, user, project: Project) -> QuerySet[Idea]:
    """Visible ideas with what a list row, a popup or an API row shows."""
    return ideas_visible_to(user=user, project=project).select_related(
        "project", "author", "category", "district"
    )


def idea_for_detail(*, user, project: Project, pk: int) -> Idea:
    """One visible idea with everything its page shows. Raises Idea.DoesNotExist."""
    idea = (
        ideas_for_list(user=user, project=project)
        .select_related("official_response_by", "measure")
        .get(pk=pk)
    )
    idea.project = project  # the caller's instance, with its prefetched phases
    return idea


def ideas_taken_up_by(*, measure: Measure) -> list[Idea]:
    """The visible ideas (published projects, not hidden) that led to ``measure``."""
    return list(
        Idea.objects.filter(
            measure=measure, is_hidden=False, project__status=Project.Status.PUBLISHED
        )
        .select_related("project", "district")
        .order_by(localized("project__title"), "-created_at", "-pk")
    )


def idea_count_visible(*, user, project: Project) -> int:
    return ideas_visible_to(user=user, project=project).count()


# --- Filters and sorts --------------------------------------------------------------------


class IdeaSort:
    NEWEST = "newest"
    MOST_SUPPORTED = "most_supported"
    MOST_DISCUSSED = "most_discussed"

    CHOICES = [
        (NEWEST, _("neueste zuerst")),
        (MOST_SUPPORTED, _("meiste Unterstützung")),
        (MOST_DISCUSSED, _("meiste Kommentare")),
    ]
    ORDER = {
        NEWEST: ("-created_at", "-pk"),
        MOST_SUPPORTED: ("-vote_count", "-created_at", "-pk"),
        MOST_DISCUSSED: ("-comment_count", "-created_at", "-pk"),
    }


def filter_districts(project: Project) -> QuerySet[District]:
    """Districts to filter by: the project's own and those its ideas lie in."""
    return (
        District.objects.filter(Q(projects=project) | Q(ideas__project=project))
        .only("pk", "name", "slug")  # not the boundaries
        .distinct()
        .order_by("name")
    )


class IdeaFilter(django_filters.FilterSet):
    """Filters (district, category, status, text) and the sort of a project's ideas.

    Pass ``project=`` (the HTML list does; the API's filter backend does too), so the
    choices are the project's categories and districts.
    """

    q = django_filters.CharFilter(
        method="filter_text", label=_("Suche im Text"), widget=forms.SearchInput
    )
    district = django_filters.ModelChoiceFilter(
        field_name="district",
        to_field_name="slug",
        queryset=District.objects.none(),
        label=_("Ortsteil"),
        empty_label=_("alle"),
    )
    category = django_filters.ModelChoiceFilter(
        field_name="category",
        to_field_name="slug",
        queryset=Category.objects.none(),
        label=_("Kategorie"),
        empty_label=_("alle"),
    )
    status = django_filters.ChoiceFilter(
        choices=IdeaStatus.choices, label=_("Status"), empty_label=_("alle")
    )
    sort = django_filters.ChoiceFilter(
        choices=IdeaSort.CHOICES,
        method="filter_sort",
        label=_("Sortierung"),
        empty_label=None,
    )

    class Meta:
        model = Idea
        form = FilterForm
        fields = ["q", "district", "category", "status", "sort"]

    def __init__(self, data=None, queryset=None, *, project: Project | None = None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.project = project
        if project is not None:
            self.filters["district"].queryset = filter_districts(project)
            self.filters["category"].queryset = project.categories.order_by("name")
        else:
            self.filters["district"].queryset = District.objects.only(
                "pk", "name", "slug"
            ).order_by("name")
            self.filters["category"].queryset = Category.objects.order_by("name")

    def filter_text(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(text__icontains=value)
            | Q(place_description__icontains=value)
        )

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset, default included

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = getattr(self.form, "cleaned_data", {}).get("sort")
        return queryset.order_by(*IdeaSort.ORDER.get(sort or IdeaSort.NEWEST))

    @property
    def active_sort(self) -> str:
        if self.form.is_bound and self.form.is_valid():
            return self.form.cleaned_data.get("sort") or IdeaSort.NEWEST
        return IdeaSort.NEWEST


# --- The map's GeoJSON --------------------------------------------------------------------


def idea_url_builder(project: Project):
    """A function pk → the idea page's path, without a reverse() per idea."""
    marker = 987654321
    template = reverse(
        "ideas:idea-detail", kwargs={"project_slug": project.slug, "pk": marker}
    )
    head, _sep, tail = template.rpartition(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


# The stored point as the database holds it: JSON text, never decoded into Python objects
# and encoded again (SQLite keeps the text as written, PostgreSQL prints its jsonb).
# The column is a JSONField, so the text is valid JSON (SQLite's JSON_VALID check,
# PostgreSQL's jsonb); only the properties are written here, from the row's current values.
_LOCATION_TEXT = Cast("location", output_field=TextField())
_EMPTY_LOCATIONS = frozenset({"null", "{}", "[]", '""'})


def _json_text(value: str) -> str:
    """A JSON string as the API's renderer writes it (UTF-8, not ASCII-escaped)."""
    return encode_basestring(value)


def ideas_geojson(*, queryset: QuerySet[Idea], project: Project, absolute=None) -> bytes:
    """The ideas of ``queryset`` with a point as a GeoJSON FeatureCollection (UTF-8 JSON
    text, compact as the API's renderer writes it), in one query.

    Properties hold no personal data (not even the display name). Ideas without a point
    are left out and counted in the foreign member ``omitted_without_location``.
    ``absolute`` turns a path into an absolute URL (e.g. ``request.build_absolute_uri``).

    Built for thousands of ideas per request: the geometry is the stored JSON text, the
    properties that repeat (status and its label, category, district, the URL around the
    id) are encoded once per value, and the rest (title, counters, status) come from the
    row, so they are always current.
    """
    path_of = idea_url_builder(project)
    absolute = absolute or (lambda path: path)
    marker = 987654321
    url_head, _sep, url_tail = _json_text(absolute(path_of(marker))).rpartition(str(marker))
    labels = {
        status: f'"status":{_json_text(status)},"status_label":{_json_text(str(label))}'
        for status, label in IdeaStatus.choices
    }
    named: dict[tuple[str, str], str] = {}

    def named_json(slug: str | None, name: str | None) -> str:
        if not slug:
            return "null"
        key = (slug, name)
        if key not in named:
            named[key] = f'{{"slug":{_json_text(slug)},"name":{_json_text(name or "")}}}'
        return named[key]

    rows = queryset.values_list(
        "pk",
        "title",
        "status",
        _LOCATION_TEXT,
        "vote_count",
        "comment_count",
        "category__slug",
        "category__name",
        "district__slug",
        "district__name",
    )
    features = []
    omitted = 0
    for pk, title, status, location, votes, comments, c_slug, c_name, d_slug, d_name in rows:
        if location is None or location in _EMPTY_LOCATIONS:
            omitted += 1
            continue
        status_json = labels.get(status) or (
            f'"status":{_json_text(status)},"status_label":{_json_text(status)}'
        )
        features.append(
            f'{{"type":"Feature","id":{pk},"geometry":{location},"properties":{{'
            f'"id":{pk},"title":{_json_text(title)},{status_json},'
            f'"category":{named_json(c_slug, c_name)},'
            f'"district":{named_json(d_slug, d_name)},'
            f'"vote_count":{votes},"comment_count":{comments},'
            f'"url":{url_head}{pk}{url_tail}}}}}'
        )
    text = (
        '{"type":"FeatureCollection","features":['
        + ",".join(features)
        + f'],"omitted_without_location":{omitted}}}'
    )
    # Like the API's JSONRenderer: JSON that is also a strict subset of JavaScript.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


# --- Conditional GET ----------------------------------------------------------------------


def ideas_fingerprint(
    queryset: QuerySet[Idea], *, variant: str = ""
) -> tuple[str, datetime.datetime | None]:
    """(ETag, Last-Modified) of a list of ideas, from one aggregate query.

    The ETag changes when an idea is added, removed, hidden or restored for this viewer,
    edited, or its counters change (the counters are refreshed by an UPDATE that does not
    touch ``updated_at``, so they enter the tag through weighted sums). ``variant`` holds
    what else shapes the response: query string, format, language.
    """
    weighted = {
        name: ExpressionWrapper(F("pk") * F(column), output_field=BigIntegerField())
        for name, column in (("votes", "vote_count"), ("comments", "comment_count"))
    }
    row = queryset.order_by().aggregate(
        n=Count("pk"),
        changed=Max("updated_at"),
        pks=Sum("pk"),
        votes=Sum(weighted["votes"]),
        comments=Sum(weighted["comments"]),
    )
    changed = row["changed"]
    source = "|".join(
        str(part)
        for part in (
            variant,
            get_language(),
            row["n"],
            changed.isoformat() if changed else "",
            row["pks"],
            row["votes"],
            row["comments"],
        )
    )
    etag = f'"{hashlib.sha256(source.encode()).hexdigest()[:32]}"'
    return etag, changed
