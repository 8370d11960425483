"""Who gets what, for every URL of the site and every operation of the API.

The list of URLs comes from the URL configuration, the list of API operations from the
OpenAPI schema: a URL or operation added without a row here fails
``test_every_url_has_a_row`` / ``test_every_api_operation_has_a_row``.

Each row names a request and the answer for the eight people of the issue (see
``tests.scenarios.city_with_every_role``): anonymous, resident, author, moderator of this
project, moderator of another project, measure manager of another unit, council member, staff.
Every person's request runs in its own savepoint against the same small city, so a row
costs one city and eight requests.

Answers: a status code, ``L`` (sent to the sign-in page), ``A`` (sent to the admin's
sign-in page), ``302`` (done, and sent on). Pages that refuse a signed-in person say 403
("not for you") or 404 (for what that person may not know exists)."""

import datetime
import json
import os
import re
import time
from dataclasses import dataclass, field

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.api.tokens import api_token_issue
from pages.models import SignLanguageVideo
from participation.budgets.models import Correction, PollingStation
from tests.factories import BarrierReportFactory
from tests.scenarios import CITY_ROLES as ROLES
from tests.scenarios import City, city_with_every_role
from tests.verification.factories import VerificationFactory
from verification.models import RegisterImport

pytestmark = pytest.mark.django_db

RECORD = os.environ.get("MATRIX_RECORD") == "1"  # print what each person got, assert nothing


@dataclass
class Row:
    """``method`` on ``url`` (a function of the world) with ``data``; ``expect``: one
    answer per role, separated by spaces, in the order of ROLES."""

    method: str
    url: object
    expect: str
    data: object = field(default=None)
    api: bool = False  # send ``data`` as JSON with the person's token

    def answers(self) -> dict[str, str]:
        tokens = self.expect.split()
        assert len(tokens) == len(ROLES), f"{self.expect!r}: one answer per role"
        return dict(zip(ROLES, tokens, strict=True))


def answer_of(response) -> str:
    if response.status_code in (301, 302, 303):
        location = response.headers["Location"]
        if "/accounts/login/" in location:
            return "L"
        if "/admin/login/" in location:
            return "A"
        return "302"
    return str(response.status_code)


def signed_in(client: Client, user) -> None:
    """What ``client.force_login(user)`` leaves: a session of ``user`` (with its password
    hash and the sign-in time core.security checks) and its cookie — without the second
    session row, the sign-in signals and the ``last_login`` write of a real sign-in,
    which cost 15 ms of each of the ~3,000 requests here. Signing in itself is tested
    by the account tests and journeys."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from core.security import SESSION_ACTIVE_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_ACTIVE_KEY] = int(time.time())
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def ask(row: Row, world: City, role: str) -> str:
    with transaction.atomic():
        user = world.people[role]
        client = Client()
        headers = {}
        if row.api:
            if user is not None:
                headers["HTTP_AUTHORIZATION"] = f"Token {api_token_issue(user=user).key}"
        elif user is not None:
            signed_in(client, user)
        url = row.url(world)
        data = row.data(world) if callable(row.data) else row.data
        if row.api and row.method != "get":
            response = getattr(client, row.method)(
                url,
                json.dumps(data) if data is not None else "",
                content_type="application/json",
                **headers,
            )
        else:
            response = getattr(client, row.method)(url, data or {}, **headers)
        transaction.set_rollback(True)
    return answer_of(response)


def check(row: Row, world: City) -> None:
    got = {role: ask(row, world, role) for role in ROLES}
    if RECORD:
        print(f"\nRECORD {row.method.upper()} {row.url(world)}: {' '.join(got.values())}")
        return
    expected = row.answers()
    wrong = {
        role: f"{got[role]} (expected {expected[role]})"
        for role in ROLES
        if got[role] != expected[role]
    }
    assert not wrong, f"{row.method.upper()} {row.url(world)}: {wrong}"


def u(name: str, **kwargs):
    """The URL of ``name``; keyword values are functions of the world or constants."""

    def build(world: City) -> str:
        return reverse(
            name,
            kwargs={
                key: value(world) if callable(value) else value for key, value in kwargs.items()
            },
        )

    return build


def project(w):
    return w.project.slug


def idea(w):
    return w.idea.pk


def budget_slug(w):
    return w.budget.project.slug


def open_budget_slug(w):
    """A budget in its submission, with the author's proposal 1 (made in the person's
    savepoint)."""
    from tests.factories import BudgetFactory, ProposalFactory

    budget = BudgetFactory(project__title="Bürgerbudget offen", project__slug="bb-offen")
    ProposalFactory(budget=budget, number=1, author=w.author, title="Offene Bank")
    return budget.project.slug


def budget(w):
    return w.budget.project.slug


def city_poll(w):
    """A running poll on the city's project (made in the person's savepoint): one
    section with one optional question."""
    from tests.polls.factories import PollFactory, PollPhaseFactory, QuestionFactory

    poll = PollFactory(phase=PollPhaseFactory(project=w.project), title="Umfrage der Stadt")
    QuestionFactory(section__poll=poll)
    return poll


def poll_url(name: str, **kwargs):
    def build(w) -> str:
        poll = city_poll(w)
        return reverse(name, kwargs={"slug": w.project.slug, "pk": poll.pk, **kwargs})

    return build


def board_minutes_url(w) -> str:
    """The minutes of the city's budget, stored inside the person's savepoint."""
    w.budget.confirmation.minutes.save(
        "protokoll.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True
    )
    return reverse("budgets:board-minutes", kwargs={"slug": w.budget.project.slug})


# Answers in the order: anonymous resident author moderator other_moderator other_manager
# council staff.
SITE: dict[str, list[Row]] = {
    "healthz": [Row("get", u("healthz"), "200 200 200 200 200 200 200 200")],
    "robots-txt": [Row("get", u("robots-txt"), "200 200 200 200 200 200 200 200")],
    "set_language": [
        Row(
            "post",
            u("set_language"),
            "302 302 302 302 302 302 302 302",
            {"language": "en", "next": "/"},
        )
    ],
    "pages:home": [Row("get", u("pages:home"), "200 200 200 200 200 200 200 200")],
    "pages:impressum": [Row("get", u("pages:impressum"), "200 200 200 200 200 200 200 200")],
    "pages:datenschutz": [Row("get", u("pages:datenschutz"), "200 200 200 200 200 200 200 200")],
    "pages:barrierefreiheit": [
        Row("get", u("pages:barrierefreiheit"), "200 200 200 200 200 200 200 200")
    ],
    # Leichte Sprache and sign language (issue 16): for everyone; no video in this city
    "pages:easy-start": [Row("get", u("pages:easy-start"), "200 200 200 200 200 200 200 200")],
    "pages:easy-topic": [
        Row("get", u("pages:easy-topic", topic="inhalt"), "200 200 200 200 200 200 200 200"),
        Row("get", u("pages:easy-topic", topic="gibtsnicht"), "404 404 404 404 404 404 404 404"),
    ],
    "pages:sign-language": [
        Row("get", u("pages:sign-language"), "200 200 200 200 200 200 200 200")
    ],
    "pages:sign-language-captions": [
        Row("get", u("pages:sign-language-captions", topic="inhalt"),
            "404 404 404 404 404 404 404 404")
    ],
    # the admin's JavaScript catalogue with our German supplement: the admin's people only
    "admin-jsi18n": [Row("get", u("admin-jsi18n"), "A A A A A 200 A 200")],
    # every queue a person may work on (moderators, budget staff, global moderators)
    "moderation:overview": [
        Row("get", u("moderation:overview"), "L 403 403 200 200 403 403 200")
    ],
    # strategy
    "measures:overview": [Row("get", u("measures:overview"), "200 200 200 200 200 200 200 200")],
    "measures:measure-list": [
        Row("get", u("measures:measure-list"), "200 200 200 200 200 200 200 200")
    ],
    "measures:measure-detail": [
        Row(
            "get",
            u("measures:measure-detail", slug=lambda w: w.measure.slug),
            "200 200 200 200 200 200 200 200",
        )
    ],
    "measures:bundle-detail": [
        Row(
            "get",
            u("measures:bundle-detail", slug=lambda w: w.measure.bundle.slug),
            "200 200 200 200 200 200 200 200",
        )
    ],
    # council reports
    "reports:dashboard": [Row("get", u("reports:dashboard"), "L 403 403 403 403 200 200 200")],
    "reports:report-list": [
        Row("get", u("reports:report-list"), "200 200 200 200 200 200 200 200")
    ],
    "reports:report-create": [
        Row("get", u("reports:report-create"), "L 403 403 403 403 403 403 200")
    ],
    "reports:report-detail": [
        Row(
            "get",
            u("reports:report-detail", pk=lambda w: w.report_published.pk),
            "200 200 200 200 200 200 200 200",
        ),
        Row(
            "get",
            u("reports:report-detail", pk=lambda w: w.report_draft.pk),
            "404 404 404 404 404 200 200 200",
        ),
    ],
    "reports:report-edit": [
        Row(
            "get",
            u("reports:report-edit", pk=lambda w: w.report_draft.pk),
            "L 403 403 403 403 403 403 200",
        )
    ],
    "reports:report-generate": [
        Row(
            "post",
            u("reports:report-generate", pk=lambda w: w.report_draft.pk),
            "L 403 403 403 403 403 403 302",
        )
    ],
    "reports:report-publish": [
        Row(
            "post",
            u("reports:report-publish", pk=lambda w: w.report_draft.pk),
            "L 403 403 403 403 403 403 302",
        )
    ],
    "reports:report-pdf": [
        Row(
            "get",
            u("reports:report-pdf", pk=lambda w: w.report_published.pk),
            "200 200 200 200 200 200 200 200",
        )
    ],
    "reports:report-pdf-en": [
        Row(
            "get",
            u("reports:report-pdf-en", pk=lambda w: w.report_published.pk),
            "200 200 200 200 200 200 200 200",
        )
    ],
    "reports:report-status": [
        Row(
            "get",
            u("reports:report-status", pk=lambda w: w.report_draft.pk),
            "404 404 404 404 404 200 200 200",
        )
    ],
    # open data
    **{
        name: [Row("get", u(name), "200 200 200 200 200 200 200 200")]
        for name in (
            "opendata:index",
            "opendata:file-massnahmen-csv",
            "opendata:file-massnahmen-json",
            "opendata:file-sachstaende-csv",
            "opendata:file-indikatoren-csv",
            "opendata:file-ideen-geojson",
            "opendata:file-ideen-csv",
            "opendata:file-ortsteile-geojson",
            "opendata:file-beteiligung-projekte-csv",
            "opendata:file-beteiligung-ortsteile-csv",
            "opendata:file-beteiligung-monate-csv",
            "opendata:file-buergerbudget-ergebnisse-csv",
            "opendata:file-buergerbudget-ergebnisse-geojson",
            "opendata:file-umfragen-ergebnisse-csv",
            "opendata:catalogue-ttl",
            "opendata:catalogue-rdf",
            "opendata:catalogue-jsonld",
        )
    },
    # polls (issue 17): the start page for everyone; answering for signed-in people with
    # a verified address (everyone here); thanks only after taking part (else back to the
    # start page); the preview for the project's moderators and the city's staff
    "polls:poll-detail": [
        Row("get", poll_url("polls:poll-detail"), "200 200 200 200 200 200 200 200")
    ],
    "polls:poll-section": [
        Row("get", poll_url("polls:poll-section", number=1), "L 200 200 200 200 200 200 200"),
        Row("post", poll_url("polls:poll-section", number=1), "L 302 302 302 302 302 302 302",
            {"action": "save"}),
    ],
    "polls:poll-review": [
        Row("get", poll_url("polls:poll-review"), "L 200 200 200 200 200 200 200")
    ],
    "polls:poll-thanks": [
        Row("get", poll_url("polls:poll-thanks"), "L 302 302 302 302 302 302 302")
    ],
    "polls:poll-preview": [
        Row("get", poll_url("polls:poll-preview"), "L 403 403 200 403 403 403 200")
    ],
    # results after the phase (the default): the project's moderators and the city's staff
    # see them while it runs; the answers' downloads are theirs only
    "polls:poll-results": [
        Row("get", poll_url("polls:poll-results"), "403 403 403 200 403 403 403 200")
    ],
    "polls:poll-export": [
        Row("get", poll_url("polls:poll-export", fmt="csv"), "L 403 403 200 403 403 403 200"),
        Row("get", poll_url("polls:poll-export", fmt="xlsx"), "L 403 403 200 403 403 403 200"),
    ],
    # projects and ideas
    "projects:project-list": [
        Row("get", u("projects:project-list"), "200 200 200 200 200 200 200 200")
    ],
    "projects:project-detail": [
        Row("get", u("projects:project-detail", slug=project), "200 200 200 200 200 200 200 200")
    ],
    "ideas:districts-geojson": [
        Row("get", u("ideas:districts-geojson"), "200 200 200 200 200 200 200 200")
    ],
    "ideas:idea-list": [
        Row(
            "get",
            u("ideas:idea-list", project_slug=project),
            "200 200 200 200 200 200 200 200",
        )
    ],
    "ideas:idea-create": [
        Row(
            "get",
            u("ideas:idea-create", project_slug=project),
            "L 200 200 200 200 200 200 200",
        ),
        Row(
            "post",
            u("ideas:idea-create", project_slug=project),
            "L 302 302 302 302 302 302 302",
            {
                "title": "Bank am Markt",
                "text": "Eine Bank.",
                "latitude": 50.9272,
                "longitude": 11.5861,
            },
        ),
    ],
    "ideas:idea-detail": [
        Row(
            "get",
            u("ideas:idea-detail", project_slug=project, pk=idea),
            "200 200 200 200 200 200 200 200",
        )
    ],
    "ideas:idea-update": [
        Row(
            "get",
            u("ideas:idea-update", project_slug=project, pk=idea),
            "L 403 200 403 403 403 403 403",
        )
    ],
    "ideas:idea-delete": [
        Row(
            "get",
            u("ideas:idea-delete", project_slug=project, pk=idea),
            "L 403 200 200 403 403 403 200",
        ),
        Row(
            "post",
            u("ideas:idea-delete", project_slug=project, pk=idea),
            "L 403 302 302 403 403 403 302",
        ),
    ],
    "ideas:idea-respond": [
        Row(
            "get",
            u("ideas:idea-respond", project_slug=project, pk=idea),
            "L 403 403 200 403 403 403 200",
        )
    ],
    # comments
    "ideas:comment-create-idea": [
        Row(
            "post",
            u("ideas:comment-create-idea", idea_pk=idea),
            "403 302 302 302 302 302 302 302",
            {"text": "Ja, bitte."},
        )
    ],
    "ideas:comment-create-measure": [
        Row(
            "post",
            u("ideas:comment-create-measure", measure_slug=lambda w: w.measure.slug),
            "403 302 302 302 302 302 302 302",
            {"text": "Ja, bitte."},
        )
    ],
    "ideas:comment-create-project": [
        Row(
            "post",
            u("ideas:comment-create-project", project_slug=project),
            "403 302 302 302 302 302 302 302",
            {"text": "Ja, bitte."},
        )
    ],
    "ideas:comment-reply": [
        Row(
            "post",
            u("ideas:comment-reply", pk=lambda w: w.comment.pk),
            "403 302 302 302 302 302 302 302",
            {"text": "Genau."},
        )
    ],
    "ideas:comment-update": [
        Row(
            "get",
            u("ideas:comment-update", pk=lambda w: w.comment.pk),
            "L 403 200 403 403 403 403 403",
        ),
        Row(
            "post",
            u("ideas:comment-update", pk=lambda w: w.comment.pk),
            "L 403 302 403 403 403 403 403",
            {"text": "Neu."},
        ),
    ],
    "ideas:comment-delete": [
        Row(
            "post",
            u("ideas:comment-delete", pk=lambda w: w.comment.pk),
            "L 403 302 403 403 403 403 403",
        )
    ],
    "ideas:comment-highlight": [
        Row(
            "post",
            u("ideas:comment-highlight", pk=lambda w: w.comment.pk),
            "L 403 403 302 403 403 403 302",
        )
    ],
    # votes
    "ideas:vote-cast": [
        Row(
            "post",
            u("ideas:vote-cast", project_slug=project, idea_pk=idea),
            "L 302 302 302 302 302 302 302",
        )
    ],
    "ideas:vote-withdraw": [
        Row(
            "post",
            u("ideas:vote-withdraw", project_slug=project, idea_pk=idea),
            "L 302 302 302 302 302 302 302",
        )
    ],
    # reports (flags) and moderation
    "moderation:flag": [
        Row(
            "get", u("moderation:flag", kind="idea", pk=idea), "L 200 403 200 200 200 200 200"
        ),
        Row(
            "post",
            u("moderation:flag", kind="idea", pk=idea),
            "L 302 403 302 302 302 302 302",
            {"reason": "spam"},
        ),
    ],
    "moderation:review-request": [
        Row(
            "get",
            u("moderation:review-request", pk=lambda w: w.decision.pk),
            "L 404 200 404 404 404 404 404",
        )
    ],
    "moderation:queue": [
        Row(
            "get",
            u("moderation:queue", project_slug=project),
            "L 403 403 200 403 403 403 200",
        )
    ],
    "moderation:bulk": [
        Row(
            "post",
            u("moderation:bulk", project_slug=project),
            "L 403 403 302 403 403 403 302",
            lambda w: {"action": "dismiss", "items": f"comment:{w.comment.pk}"},
        )
    ],
    "moderation:flag-alert": [
        Row(
            "post",
            u("moderation:flag-alert", project_slug=project),
            "L 403 403 302 403 403 403 302",
        )
    ],
    "moderation:review": [
        Row(
            "get",
            u("moderation:review", project_slug=project, pk=lambda w: w.decision.pk),
            "L 403 403 200 403 403 403 200",
        )
    ],
    "moderation:item": [
        Row(
            "get",
            u(
                "moderation:item",
                project_slug=project,
                kind="comment",
                pk=lambda w: w.comment.pk,
            ),
            "L 403 403 200 403 403 403 200",
        )
    ],
    "moderation:measures-queue": [
        Row("get", u("moderation:measures-queue"), "L 403 403 403 403 403 403 200")
    ],
    "moderation:measures-bulk": [
        Row(
            "post",
            u("moderation:measures-bulk"),
            "L 403 403 403 403 403 403 302",
            lambda w: {"action": "dismiss", "items": f"comment:{w.measure_comment.pk}"},
        )
    ],
    "moderation:measures-review": [
        Row(
            "get",
            u("moderation:measures-review", pk=lambda w: w.decision.pk),
            "L 403 403 403 403 403 403 404",
        )
    ],
    "moderation:measures-item": [
        Row(
            "get",
            u(
                "moderation:measures-item",
                kind="comment",
                pk=lambda w: w.measure_comment.pk,
            ),
            "L 403 403 403 403 403 403 200",
        )
    ],
    "ideas:export": [
        Row(
            "get",
            u("ideas:export", project_slug=project, what="ideas", fmt="csv"),
            "L 403 403 200 403 403 403 200",
        )
    ],
    # follows and notifications
    "notifications:follows": [
        Row("get", u("notifications:follows"), "L 200 200 200 200 200 200 200")
    ],
    "notifications:follow-create": [
        Row(
            "post",
            u("notifications:follow-create", kind="idee", pk=idea),
            "L 302 302 302 302 302 302 302",
        )
    ],
    "notifications:follow-delete": [
        Row(
            "post",
            u("notifications:follow-delete", kind="idee", pk=idea),
            "L 302 302 302 302 302 302 302",
        )
    ],
    "notifications:list": [
        Row("get", u("notifications:list"), "L 200 200 200 200 200 200 200")
    ],
    "notifications:read": [
        Row(
            "post",
            u("notifications:read", pk=lambda w: w.notification.pk),
            "L 404 302 404 404 404 404 404",
        )
    ],
    "notifications:read-all": [
        Row("post", u("notifications:read-all"), "L 302 302 302 302 302 302 302")
    ],
    "notifications:preferences": [
        Row("get", u("notifications:preferences"), "L 200 200 200 200 200 200 200")
    ],
    "notifications:unsubscribe": [
        Row(
            "get",
            u("notifications:unsubscribe", token=lambda w: w.unsubscribe),
            "200 200 200 200 200 200 200 200",
        )
    ],
    # account
    "users:profile": [Row("get", u("users:profile"), "L 200 200 200 200 200 200 200")],
    "users:api-token": [Row("post", u("users:api-token"), "L 200 200 200 200 200 200 200")],
    "privacy:data": [Row("get", u("privacy:data"), "L 200 200 200 200 200 200 200")],
    # one's own residence: an empty register check is a form error for everyone
    "verification:status": [
        Row("get", u("verification:status"), "L 200 200 200 200 200 200 200"),
        Row("post", u("verification:status"), "L 400 400 400 400 400 400 400"),
    ],
    # letters with a code: posts only; an empty form is refused with its errors
    "verification:letter-request": [
        Row("get", u("verification:letter-request"), "L 405 405 405 405 405 405 405"),
        Row("post", u("verification:letter-request"), "L 400 400 400 400 400 400 400"),
    ],
    "verification:letter-redeem": [
        Row("post", u("verification:letter-redeem"), "L 400 400 400 400 400 400 400"),
    ],
    "privacy:data-export-create": [
        Row("post", u("privacy:data-export-create"), "L 302 302 302 302 302 302 302")
    ],
    "privacy:data-export-download": [
        Row(
            "get",
            u("privacy:data-export-download", pk=lambda w: w.export.pk),
            "L 404 200 404 404 404 404 404",
        )
    ],
    "privacy:account-delete": [
        Row("get", u("privacy:account-delete"), "L 200 200 200 200 200 200 200")
    ],
    # barrier feedback: anyone, with or without an account; an empty form is refused with
    # its errors (400)
    "barriers:report": [
        Row("get", u("barriers:report"), "200 200 200 200 200 200 200 200"),
        Row("post", u("barriers:report"), "400 400 400 400 400 400 400 400"),
    ],
    "barriers:thanks": [Row("get", u("barriers:thanks"), "200 200 200 200 200 200 200 200")],
    # allauth
    "account_login": [Row("get", u("account_login"), "200 302 302 302 302 302 302 302")],
    "account_logout": [Row("post", u("account_logout"), "302 302 302 302 302 302 302 302")],
    "account_inactive": [Row("get", u("account_inactive"), "200 200 200 200 200 200 200 200")],
    "account_signup": [Row("get", u("account_signup"), "200 302 302 302 302 302 302 302")],
    "account_reauthenticate": [
        Row("get", u("account_reauthenticate"), "L 200 200 200 200 200 200 200")
    ],
    "account_email": [Row("get", u("account_email"), "L 200 200 200 200 200 200 200")],
    "account_email_verification_sent": [
        Row("get", u("account_email_verification_sent"), "200 200 200 200 200 200 200 200")
    ],
    "account_change_password": [
        Row("get", u("account_change_password"), "L 200 200 200 200 200 200 200")
    ],
    "account_set_password": [
        Row("get", u("account_set_password"), "L 302 302 302 302 302 302 302")
    ],
    "account_reset_password": [
        Row("get", u("account_reset_password"), "200 200 200 200 200 200 200 200")
    ],
    "account_confirm_login_code": [
        Row("get", u("account_confirm_login_code"), "L 302 302 302 302 302 302 302")
    ],
    "account_confirm_email": [
        Row(
            "get",
            u("account_confirm_email", key="falscher-schluessel"),
            "200 200 200 200 200 200 200 200",
        )
    ],
    "account_reset_password_from_key_done": [
        Row("get", u("account_reset_password_from_key_done"), "200 200 200 200 200 200 200 200")
    ],
    "account_reset_password_from_key": [
        Row(
            "get",
            u("account_reset_password_from_key", uidb36="zz", key="falsch"),
            "200 200 200 200 200 200 200 200",
        )
    ],
    "account_reset_password_done": [
        Row("get", u("account_reset_password_done"), "200 200 200 200 200 200 200 200")
    ],
    # allauth's social accounts: sign-in with the state's account over OpenID Connect
    # (verification/oidc.py) or SAML (verification/saml.py). Not configured here: the
    # providers' addresses answer 404 (tests/verification/test_oidc.py, test_saml.py sign in).
    "openid_connect_login": [
        Row(
            "post",
            u("openid_connect_login", provider_id="bundid"),
            "404 404 404 404 404 404 404 404",
        )
    ],
    "openid_connect_callback": [
        Row(
            "get",
            u("openid_connect_callback", provider_id="bundid"),
            "404 404 404 404 404 404 404 404",
        )
    ],
    "socialaccount_connections": [
        Row("get", u("socialaccount_connections"), "L 200 200 200 200 200 200 200")
    ],
    "socialaccount_signup": [
        Row("get", u("socialaccount_signup"), "L L L L L L L L")
    ],
    "socialaccount_login_cancelled": [
        Row("get", u("socialaccount_login_cancelled"), "200 200 200 200 200 200 200 200")
    ],
    "socialaccount_login_error": [
        Row("get", u("socialaccount_login_error"), "401 401 401 401 401 401 401 401")
    ],
    "saml_login": [
        Row("post", u("saml_login", organization_slug="bundid"), "404 404 404 404 404 404 404 404",
            data={"process": "login"})
    ],
    # the identity provider's answer is kept for acs/finish/, which refuses without an app
    "saml_acs": [
        Row("post", u("saml_acs", organization_slug="bundid"), "302 302 302 302 302 302 302 302")
    ],
    "saml_finish_acs": [
        Row(
            "get",
            u("saml_finish_acs", organization_slug="bundid"),
            "404 404 404 404 404 404 404 404",
        )
    ],
    "saml_sls": [
        Row("get", u("saml_sls", organization_slug="bundid"), "404 404 404 404 404 404 404 404")
    ],
    "saml_metadata": [
        Row(
            "get",
            u("saml_metadata", organization_slug="bundid"),
            "404 404 404 404 404 404 404 404",
        )
    ],
    # The review of the Bürgerbudget (the city's budget is confirmed by the board: frozen).
    "budgets:review-queue": [
        Row("get", u("budgets:review-queue", slug=budget), "L 403 403 403 403 403 403 200")
    ],
    "budgets:proposal-review": [
        Row(
            "get",
            u("budgets:proposal-review", slug=budget, number=1),
            "L 403 403 403 403 403 403 200",
        ),
        # Frozen: the review is closed, even for the reviewers (400 with the reason).
        Row(
            "post",
            u("budgets:proposal-review", slug=budget, number=1),
            "L 403 403 403 403 403 403 400",
            {"action": "review", "decision": "valid"},
        ),
    ],
    "budgets:board-confirmation": [
        Row("get", u("budgets:board-confirmation", slug=budget), "200 200 200 200 200 200 200 200"),
        # Recording it needs budgets.record_board_decision; recorded already: 409.
        Row(
            "post",
            u("budgets:board-confirmation", slug=budget),
            "L 403 403 403 403 403 403 409",
            {"meeting_date": "2026-09-01", "decision": "Noch einmal."},
        ),
    ],
    # The minutes are public, like the decision.
    "budgets:board-minutes": [
        Row("get", lambda w: board_minutes_url(w), "200 200 200 200 200 200 200 200")
    ],
    "budgets:proposal-correct": [
        Row(
            "get",
            u("budgets:proposal-correct", slug=budget, number=1),
            "L 403 403 403 403 403 403 200",
        ),
        Row(
            "post",
            u("budgets:proposal-correct", slug=budget, number=1),
            "L 403 403 403 403 403 403 302",
            {"field": "title", "text": "Bank am Spielplatz Nord", "reason": "Ort genauer."},
        ),
    ],
    # Bürgerbudget ballots: voting needs a confirmed residence (none of these people has
    # one: 403 with the reason); the paper pages are for paper staff and the moderators of
    # the budget's project (staff moderate every project).
    "budgets:ballot": [
        Row("get", u("budgets:ballot", slug=lambda w: w.budget.project.slug),
            "L 403 403 403 403 403 403 403"),
        Row("post", u("budgets:ballot", slug=lambda w: w.budget.project.slug),
            "L 403 403 403 403 403 403 403", {"p1": "5"}),
    ],
    "budgets:ballot-confirmation": [
        Row("get", u("budgets:ballot-confirmation", slug=lambda w: w.budget.project.slug),
            "L 302 302 302 302 302 302 302"),
    ],
    "budgets:ballot-withdraw": [
        Row("post", u("budgets:ballot-withdraw", slug=lambda w: w.budget.project.slug),
            "L 403 403 403 403 403 403 403"),
    ],
    "budgets:paper-entry": [
        Row("get", u("budgets:paper-entry", slug=lambda w: w.budget.project.slug),
            "L 403 403 403 403 403 403 200"),
        Row("post", u("budgets:paper-entry", slug=lambda w: w.budget.project.slug),
            "L 403 403 403 403 403 403 400", {"sheet_number": "1"}),
    ],
    "budgets:paper-sheets": [
        Row("get", u("budgets:paper-sheets", slug=lambda w: w.budget.project.slug),
            "L 403 403 403 403 403 403 200"),
    ],
    # Bürgerbudget: results. The count page is the counting team's (staff holds
    # budgets.count_budget); while the 2026 voting runs, running the count is refused (400).
    "budgets:count": [
        Row(
            "get",
            u("budgets:count", slug="buergerbudget-2026"),
            "L 403 403 403 403 403 403 200",
        ),
        Row(
            "post",
            u("budgets:count", slug="buergerbudget-2026"),
            "L 403 403 403 403 403 403 400",
            {"action": "run"},
        ),
        Row(
            "get",
            u("budgets:count", slug="buergerbudget-2025"),
            "L 403 403 403 403 403 403 200",
        ),
    ],
    "budgets:results": [
        Row(
            "get",
            u("budgets:results", slug="buergerbudget-2025"),
            "200 200 200 200 200 200 200 200",
        ),
        Row(
            "get",
            u("budgets:results", slug="buergerbudget-2026"),
            "404 404 404 404 404 404 404 404",
        ),
    ],
    "budgets:protocol-pdf": [
        Row(
            "get",
            u("budgets:protocol-pdf", slug="buergerbudget-2025"),
            "200 200 200 200 200 200 200 200",
        ),
        Row(
            "get",
            u("budgets:protocol-pdf", slug="buergerbudget-2026"),
            "404 404 404 404 404 404 404 404",
        ),
    ],
    "budgets:pabulib-export": [
        Row(
            "get",
            u("budgets:pabulib-export", slug="buergerbudget-2025"),
            "200 200 200 200 200 200 200 200",
        ),
        Row(
            "get",
            u("budgets:pabulib-export", slug="buergerbudget-2026"),
            "404 404 404 404 404 404 404 404",
        ),
    ],
    # API documentation
    "api-schema": [Row("get", u("api-schema"), "200 200 200 200 200 200 200 200")],
    "api-docs": [Row("get", u("api-docs"), "200 200 200 200 200 200 200 200")],
    # --- Bürgerbudget: budgets and proposals (the city's budget is in its voting stage,
    # confirmed; ``open_budget`` makes one in its submission with the author's proposal).
    "budgets:budget-list": [
        Row("get", u("budgets:budget-list"), "200 200 200 200 200 200 200 200")
    ],
    "budgets:budget-detail": [
        Row("get", u("budgets:budget-detail", slug=budget_slug), "200 200 200 200 200 200 200 200"),
        Row(
            "get",
            u("budgets:budget-detail", slug=open_budget_slug),
            "200 200 200 200 200 200 200 200",
        ),
    ],
    "budgets:proposals-geojson": [
        Row(
            "get",
            u("budgets:proposals-geojson", slug=budget_slug),
            "200 200 200 200 200 200 200 200",
        )
    ],
    "budgets:proposal-create": [
        Row("get", u("budgets:proposal-create", slug=budget_slug), "L 403 403 403 403 403 403 403"),
        Row(
            "get",
            u("budgets:proposal-create", slug=open_budget_slug),
            "L 200 200 200 200 200 200 200",
        ),
        Row(
            "post",
            u("budgets:proposal-create", slug=open_budget_slug),
            "L 302 302 302 302 302 302 302",
            {
                "title": "Bank",
                "description": "Eine Bank.",
                "estimated_cost": "4000",
                "latitude": "50.93",
                "longitude": "11.59",
            },
        ),
    ],
    "budgets:proposal-detail": [
        Row(
            "get",
            u("budgets:proposal-detail", slug=budget_slug, number=1),
            "200 200 200 200 200 200 200 200",
        )
    ],
    "budgets:proposal-update": [
        Row(
            "get",
            u("budgets:proposal-update", slug=budget_slug, number=1),
            "L 403 403 403 403 403 403 403",
        ),
        Row(
            "get",
            u("budgets:proposal-update", slug=open_budget_slug, number=1),
            "L 403 200 403 403 403 403 403",
        ),
    ],
    "budgets:proposal-withdraw": [
        Row(
            "get",
            u("budgets:proposal-withdraw", slug=open_budget_slug, number=1),
            "L 403 200 403 403 403 403 403",
        ),
        Row(
            "post",
            u("budgets:proposal-withdraw", slug=open_budget_slug, number=1),
            "L 403 302 403 403 403 403 403",
        ),
    ],
    "budgets:proposal-support": [
        Row(
            "post",
            u("budgets:proposal-support", slug=open_budget_slug, number=1),
            "L 302 302 302 302 302 302 302",
        ),
        Row(
            "post",
            u("budgets:proposal-support", slug=budget_slug, number=1),
            "L 403 403 403 403 403 403 403",
        ),
    ],
    # Comments on proposals: while the submission allows comments (the open budget); the
    # city's budget is past it (the form page says why, nothing is written).
    "budgets:proposal-comment-create": [
        Row(
            "get",
            u("budgets:proposal-comment-create", slug=open_budget_slug, number=1),
            "200 200 200 200 200 200 200 200",
        ),
        Row(
            "post",
            u("budgets:proposal-comment-create", slug=open_budget_slug, number=1),
            "403 302 302 302 302 302 302 302",
            {"text": "Ja, bitte."},
        ),
        Row(
            "post",
            u("budgets:proposal-comment-create", slug=budget_slug, number=1),
            "200 200 200 200 200 200 200 200",
            {"text": "Zu spät."},
        ),
    ],
}


def api(path: str):
    return lambda w: path.format(w=w)


# Answers in the order: anonymous resident author moderator other_moderator other_manager
# council staff.
def api_poll(suffix: str):
    def build(w):
        return f"/api/v1/polls/{city_poll(w).pk}/{suffix}"

    return build


API: dict[str, list[Row]] = {
    # polls (issue 17): anyone reads polls; results after the phase for all but the
    # project's moderators and staff; answering needs a signed-in, verified person
    "GET /api/v1/polls/": [
        Row("get", api("/api/v1/polls/"), "200 200 200 200 200 200 200 200", api=True)
    ],
    "GET /api/v1/polls/{id}/": [
        Row("get", api_poll(""), "200 200 200 200 200 200 200 200", api=True)
    ],
    "GET /api/v1/polls/{id}/results/": [
        Row("get", api_poll("results/"), "403 403 403 200 403 403 403 200", api=True)
    ],
    "POST /api/v1/polls/{id}/submission/": [
        Row("post", api_poll("submission/"), "403 201 201 201 201 201 201 201",
            {"answers": {}}, api=True),
        Row("post", api_poll("submission/"), "403 400 400 400 400 400 400 400",
            {"answers": {"x": {}}}, api=True),
    ],
    "GET /api/v1/budgets/": [
        Row("get", api("/api/v1/budgets/"), "200 200 200 200 200 200 200 200", api=True)
    ],
    "GET /api/v1/budgets/{slug}/": [
        Row(
            "get",
            api("/api/v1/budgets/{w.budget.project.slug}/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "GET /api/v1/budgets/{slug}/proposals/": [
        Row(
            "get",
            api("/api/v1/budgets/{w.budget.project.slug}/proposals/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "POST /api/v1/budgets/{slug}/proposals/": [
        Row(
            "post",
            api("/api/v1/budgets/{w.budget.project.slug}/proposals/"),
            "400 400 400 400 400 400 400 400",
            {
                "title": "Bank",
                "description": "Eine Bank.",
                "estimated_cost": 4000,
                "location": {"type": "Point", "coordinates": [11.59, 50.93]},
            },
            api=True,
        ),
        Row(
            "post",
            lambda w: f"/api/v1/budgets/{open_budget_slug(w)}/proposals/",
            "403 201 201 201 201 201 201 201",
            {
                "title": "Bank",
                "description": "Eine Bank.",
                "estimated_cost": 4000,
                "location": {"type": "Point", "coordinates": [11.59, 50.93]},
            },
            api=True,
        ),
    ],
    "GET /api/v1/budgets/{slug}/proposals.geojson": [
        Row(
            "get",
            api("/api/v1/budgets/{w.budget.project.slug}/proposals.geojson"),
            "200 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "GET /api/v1/budgets/{slug}/proposals/{number}/": [
        Row(
            "get",
            api("/api/v1/budgets/{w.budget.project.slug}/proposals/1/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "GET /api/v1/budgets/{slug}/results/": [
        Row(
            "get",
            api("/api/v1/budgets/buergerbudget-2025/results/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        ),
        Row(
            "get",
            api("/api/v1/budgets/buergerbudget-2026/results/"),
            "404 404 404 404 404 404 404 404",
            api=True,
        ),
    ],
    "GET /api/v1/core-areas/": [
        Row("get", api("/api/v1/core-areas/"), "200 200 200 200 200 200 200 200", api=True)
    ],
    "GET /api/v1/core-areas/{slug}/": [
        Row(
            "get",
            lambda w: f"/api/v1/core-areas/{w.core_area.slug}/",
            "200 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "GET /api/v1/fields/": [
        Row("get", api("/api/v1/fields/"), "200 200 200 200 200 200 200 200", api=True)
    ],
    "GET /api/v1/fields/{slug}/": [
        Row(
            "get",
            api("/api/v1/fields/{w.measure.bundle.field_of_action.slug}/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "GET /api/v1/bundles/": [
        Row("get", api("/api/v1/bundles/"), "200 200 200 200 200 200 200 200", api=True)
    ],
    "GET /api/v1/bundles/{slug}/": [
        Row(
            "get",
            api("/api/v1/bundles/{w.measure.bundle.slug}/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "GET /api/v1/measures/": [
        Row("get", api("/api/v1/measures/"), "200 200 200 200 200 200 200 200", api=True)
    ],
    "GET /api/v1/measures/{slug}/": [
        Row(
            "get",
            api("/api/v1/measures/{w.measure.slug}/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "GET /api/v1/districts/": [
        Row("get", api("/api/v1/districts/"), "200 200 200 200 200 200 200 200", api=True)
    ],
    "GET /api/v1/districts/{slug}/": [
        Row(
            "get",
            api("/api/v1/districts/{w.district.slug}/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "GET /api/v1/projects/": [
        Row("get", api("/api/v1/projects/"), "200 200 200 200 200 200 200 200", api=True)
    ],
    "GET /api/v1/projects/{slug}/": [
        Row(
            "get",
            api("/api/v1/projects/{w.project.slug}/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "GET /api/v1/ideas/": [
        Row(
            "get",
            api("/api/v1/ideas/?project={w.project.slug}"),
            "200 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "POST /api/v1/ideas/": [
        Row(
            "post",
            api("/api/v1/ideas/"),
            "403 201 201 201 201 201 201 201",
            api=True,
            data=lambda w: {
                "project": w.project.slug,
                "title": "Bank",
                "text": "Eine Bank.",
                "location": {"type": "Point", "coordinates": [11.5861, 50.9272]},
            },
        )
    ],
    "GET /api/v1/ideas/{id}/": [
        Row("get", api("/api/v1/ideas/{w.idea.pk}/"), "200 200 200 200 200 200 200 200", api=True)
    ],
    "PATCH /api/v1/ideas/{id}/": [
        Row(
            "patch",
            api("/api/v1/ideas/{w.idea.pk}/"),
            "403 403 200 403 403 403 403 403",
            {"title": "Neu"},
            api=True,
        )
    ],
    "DELETE /api/v1/ideas/{id}/": [
        Row(
            "delete", api("/api/v1/ideas/{w.idea.pk}/"), "403 403 204 204 403 403 403 204", api=True
        )
    ],
    "GET /api/v1/comments/": [
        Row("get", api("/api/v1/comments/"), "200 200 200 200 200 200 200 200", api=True)
    ],
    "POST /api/v1/comments/": [
        Row(
            "post",
            api("/api/v1/comments/"),
            "403 201 201 201 201 201 201 201",
            lambda w: {"idea": w.idea.pk, "text": "Ja"},
            api=True,
        )
    ],
    "GET /api/v1/comments/{id}/": [
        Row(
            "get",
            api("/api/v1/comments/{w.comment.pk}/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        ),
        Row(
            "get",
            api("/api/v1/comments/{w.hidden_comment.pk}/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        ),
    ],
    "PATCH /api/v1/comments/{id}/": [
        Row(
            "patch",
            api("/api/v1/comments/{w.comment.pk}/"),
            "403 403 200 403 403 403 403 403",
            {"text": "Neu"},
            api=True,
        )
    ],
    "DELETE /api/v1/comments/{id}/": [
        Row(
            "delete",
            api("/api/v1/comments/{w.comment.pk}/"),
            "403 403 204 403 403 403 403 403",
            api=True,
        )
    ],
    "GET /api/v1/votes/": [
        Row("get", api("/api/v1/votes/"), "403 200 200 200 200 200 200 200", api=True)
    ],
    "GET /api/v1/budgets/{slug}/ballot/": [
        Row("get", api("/api/v1/budgets/{w.budget.project.slug}/ballot/"),
            "403 404 404 404 404 404 404 404", api=True)
    ],
    "PUT /api/v1/budgets/{slug}/ballot/": [
        Row("put", api("/api/v1/budgets/{w.budget.project.slug}/ballot/"),
            "403 403 403 403 403 403 403 403", {"choices": {"1": 5}}, api=True)
    ],
    "DELETE /api/v1/budgets/{slug}/ballot/": [
        Row("delete", api("/api/v1/budgets/{w.budget.project.slug}/ballot/"),
            "403 403 403 403 403 403 403 403", api=True)
    ],
    "POST /api/v1/votes/": [
        Row(
            "post",
            api("/api/v1/votes/"),
            "403 201 409 201 201 201 201 201",
            lambda w: {"idea": w.idea.pk},
            api=True,
        )
    ],
    "DELETE /api/v1/votes/{idea_id}/": [
        Row(
            "delete", api("/api/v1/votes/{w.idea.pk}/"), "403 404 204 404 404 404 404 404", api=True
        )
    ],
    "GET /api/v1/flags/": [
        Row(
            "get",
            api("/api/v1/flags/?project={w.project.slug}"),
            "403 403 403 200 403 403 403 200",
            api=True,
        )
    ],
    "POST /api/v1/flags/": [
        Row(
            "post",
            api("/api/v1/flags/"),
            "403 201 400 201 201 201 201 201",
            lambda w: {"idea": w.idea.pk, "reason": "spam"},
            api=True,
        )
    ],
    "GET /api/v1/follows/": [
        Row("get", api("/api/v1/follows/"), "403 200 200 200 200 200 200 200", api=True)
    ],
    "POST /api/v1/follows/": [
        Row(
            "post",
            api("/api/v1/follows/"),
            "403 201 200 201 201 201 201 201",
            lambda w: {"idea": w.idea.pk},
            api=True,
        )
    ],
    "DELETE /api/v1/follows/{id}/": [
        Row(
            "delete",
            api("/api/v1/follows/{w.follow.pk}/"),
            "403 404 204 404 404 404 404 404",
            api=True,
        )
    ],
    "GET /api/v1/notifications/": [
        Row("get", api("/api/v1/notifications/"), "403 200 200 200 200 200 200 200", api=True)
    ],
    "POST /api/v1/notifications/{id}/read/": [
        Row(
            "post",
            api("/api/v1/notifications/{w.notification.pk}/read/"),
            "403 404 200 404 404 404 404 404",
            api=True,
        )
    ],
    "POST /api/v1/notifications/read-all/": [
        Row(
            "post",
            api("/api/v1/notifications/read-all/"),
            "403 200 200 200 200 200 200 200",
            api=True,
        )
    ],
    "GET /api/v1/status-reports/": [
        Row("get", api("/api/v1/status-reports/"), "200 200 200 200 200 200 200 200", api=True)
    ],
    "GET /api/v1/status-reports/{id}/": [
        Row(
            "get",
            api("/api/v1/status-reports/{w.report_published.pk}/"),
            "200 200 200 200 200 200 200 200",
            api=True,
        ),
        Row(
            "get",
            api("/api/v1/status-reports/{w.report_draft.pk}/"),
            "404 404 404 404 404 404 404 404",
            api=True,
        ),
    ],
}


# --- the admin: every registered model's pages, plus the admin's own -----------------------

ADMIN_ACTIONS = ("changelist", "add", "change", "delete", "history")

# For the two staff roles (measure manager of another unit, staff); everyone else is sent
# to the admin's sign-in page. One answer per action of ADMIN_ACTIONS.
#                                     other_manager            staff
ADMIN_MODELS: dict[str, tuple[str, str]] = {
    # changelist add change delete history
    "auth.group": ("403 403 403 403 403", "403 403 403 403 403"),
    "account.emailaddress": ("403 403 403 403 403", "403 403 403 403 403"),
    "authtoken.tokenproxy": ("403 403 403 403 403", "403 403 403 403 403"),
    "users.user": ("403 403 403 403 403", "403 403 403 403 403"),
    "geo.district": ("403 403 403 403 403", "403 403 403 403 403"),
    "pages.page": ("403 403 403 403 403", "403 403 403 403 403"),
    # Sign-language videos: staff with pages.change_signlanguagevideo only (neither role).
    "pages.signlanguagevideo": ("403 403 403 403 403", "403 403 403 403 403"),
    # Barrier reports: for the accessibility officers only (neither role); nobody adds one
    # in the admin (they come from the form).
    "barriers.barrierreport": ("403 403 403 403 403", "403 403 403 403 403"),
    # A manager sees the own unit's measures; another unit's measure "does not exist" (302
    # to the admin's start page with that message), on its history page too; what a
    # manager may not do to any measure (add one, delete one) is refused.
    "measures.measure": ("200 403 302 403 302", "200 200 200 403 200"),
    "measures.progressupdate": ("200 200 302 403 302", "200 200 200 403 200"),
    "measures.milestone": ("200 200 302 302 302", "200 200 200 200 200"),
    "measures.indicator": ("200 200 302 302 302", "200 200 200 200 200"),
    "measures.organisationalunit": ("403 403 403 403 403", "403 403 403 403 403"),
    "measures.corearea": ("403 403 403 403 403", "403 403 403 403 403"),
    "measures.fieldofaction": ("403 403 403 403 403", "403 403 403 403 403"),
    "measures.measurebundle": ("403 403 403 403 403", "403 403 403 403 403"),
    "projects.project": ("403 403 403 403 403", "403 403 403 403 403"),
    # The Bürgerbudget: staff of a budget (moderators of its project, here the global
    # moderation) list, add and edit proposals; nobody deletes one.
    "budgets.budget": ("403 403 403 403 403", "200 403 200 403 200"),
    "budgets.proposal": ("403 403 403 403 403", "200 200 200 403 200"),
    # Moderation in the admin: moderators who are staff, for their projects only.
    "ideas.idea": ("403 403 403 403 403", "200 403 200 200 200"),
    "moderation.flag": ("403 403 403 403 403", "200 403 200 403 200"),
    "moderation.moderationdecision": ("403 403 403 403 403", "200 403 200 403 200"),
    "notifications.notification": ("403 403 403 403 403", "403 403 403 403 403"),
    "reports.statusreport": ("403 403 403 403 403", "200 200 200 403 200"),
    # Letters with a code: for staff with the verification permissions only (not these).
    "verification.lettercode": ("403 403 403 403 403", "403 403 403 403 403"),
    # Verified residents: the Bürgerservice's permissions, which neither role holds; nobody
    # adds, edits or deletes these rows by hand (imports and confirmations come from
    # services; revoking and deleting the extract are pages of their own, below).
    "verification.registerimport": ("403 403 403 403 403", "403 403 403 403 403"),
    # Bürgerbudget: counts are records (read only) for the counting team; implementation
    # updates are published (never changed) by the project's moderators and the team.
    "budgets.count": ("403 403 403 403 403", "200 403 200 403 200"),
    "budgets.implementationupdate": ("403 403 403 403 403", "200 200 200 403 200"),
    "verification.verification": ("403 403 403 403 403", "403 403 403 403 403"),
    # The board's confirmations and the corrections: read-only for the reviewers and the
    # board's office (written only by the review pages' services).
    "budgets.boardconfirmation": ("403 403 403 403 403", "200 403 200 403 200"),
    "budgets.correction": ("403 403 403 403 403", "200 403 200 403 200"),
    # Polls: built by staff with the polls model permissions only (neither role).
    "polls.poll": ("403 403 403 403 403", "403 403 403 403 403"),
    "polls.question": ("403 403 403 403 403", "403 403 403 403 403"),
    # Polling stations of a Bürgerbudget: for staff with the model permissions only.
    "budgets.pollingstation": ("403 403 403 403 403", "403 403 403 403 403"),
}

# Rows of admin models that the city of the matrix does not hold: made inside the
# person's savepoint when a row's URL needs one.
ADMIN_OBJECT_MAKERS = {
    "budgets.correction": lambda w: Correction.objects.create(
        proposal=w.budget_proposal, field="title", old_value="Bank", new_value="Bank am "
        "Spielplatz", reason="Genauer."
    ),
    "verification.registerimport": lambda w: RegisterImport.objects.create(rows=1),
    "barriers.barrierreport": lambda w: BarrierReportFactory(),
    "pages.signlanguagevideo": lambda w: SignLanguageVideo.objects.create(
        topic="inhalt", video="gebaerdensprache/inhalt.mp4", transcript="Text.",
        width=640, height=480, frame_rate=25, duration=datetime.timedelta(seconds=60),
        file_size=1_000_000,
    ),
    "verification.verification": lambda w: VerificationFactory(user=w.author),
    "budgets.pollingstation": lambda w: PollingStation.objects.create(
        budget=w.budget, name="Stadtteilbüro"
    ),
    "polls.poll": city_poll,
    "polls.question": lambda w: city_poll(w).sections.get().questions.get(),
}


def test_an_admin_history_page_answers_as_its_change_page():
    """An object one may not see gets one answer on all its pages: 403 without access to
    the model, "does not exist" for someone else's object (core.admin_history)."""
    action = {name: position for position, name in enumerate(ADMIN_ACTIONS)}
    differ = {
        label: answers
        for label, answers in ADMIN_MODELS.items()
        for role in answers
        if role.split()[action["history"]] != role.split()[action["change"]]
    }
    assert differ == {}


def admin_labels() -> set[str]:
    return {f"{model._meta.app_label}.{model._meta.model_name}" for model in admin_site._registry}


def admin_rows() -> dict[str, list[Row]]:
    rows = {}
    for model in admin_site._registry:
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        if label not in ADMIN_MODELS:
            continue  # test_every_url_has_a_row names it
        manager, staff = ADMIN_MODELS[label]
        for action, manager_answer, staff_answer in zip(
            ADMIN_ACTIONS, manager.split(), staff.split(), strict=True
        ):
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"
            expect = " ".join(["A"] * 5 + [manager_answer, "A", staff_answer])
            if action in ("change", "delete", "history"):
                url = _admin_object_url(name, model, ADMIN_OBJECT_MAKERS.get(label))
            else:
                url = u(name)
            rows[name] = [Row("get", url, expect)]
    return rows


def _admin_object_url(name, model, make=None):
    def build(world):
        obj = model._default_manager.order_by("pk").first()
        if obj is None and make is not None:
            obj = make(world)
        assert obj is not None, f"the world has no {model.__name__} for {name}"
        return reverse(name, args=[obj.pk])

    return build


ADMIN_EXTRA: dict[str, list[Row]] = {
    "admin:index": [Row("get", u("admin:index"), "A A A A A 200 A 200")],
    "admin:login": [Row("get", u("admin:login"), "200 200 200 200 200 302 200 302")],
    "admin:logout": [Row("post", u("admin:logout"), "302 302 302 302 302 200 302 200")],
    "admin:password_change": [Row("get", u("admin:password_change"), "A A A A A 200 A 200")],
    "admin:password_change_done": [
        Row("get", u("admin:password_change_done"), "A A A A A 200 A 200")
    ],
    "admin:jsi18n": [Row("get", u("admin:jsi18n"), "A A A A A 200 A 200")],
    "admin:autocomplete": [Row("get", u("admin:autocomplete"), "A A A A A 403 A 403")],
    "admin:app_list": [
        Row("get", lambda w: reverse("admin:app_list", args=["measures"]), "A A A A A 200 A 200")
    ],
    "admin:view_on_site": [
        Row(
            "get",
            lambda w: reverse("admin:view_on_site", args=[0, w.measure.pk]),
            "A A A A A 404 A 404",
        )
    ],
    "admin:auth_user_password_change": [
        Row(
            "get",
            lambda w: reverse("admin:auth_user_password_change", args=[w.author.pk]),
            "A A A A A 403 A 403",
        )
    ],
    "admin:measures_measure_permissions": [
        Row(
            "get",
            lambda w: reverse("admin:measures_measure_permissions", args=[w.measure.pk]),
            "A A A A A 403 A 200",
        )
    ],
    "admin:measures_measure_permissions_manage_user": [
        Row(
            "get",
            lambda w: reverse(
                "admin:measures_measure_permissions_manage_user", args=[w.measure.pk, w.author.pk]
            ),
            "A A A A A 403 A 200",
        )
    ],
    "admin:measures_measure_permissions_manage_group": [
        Row(
            "get",
            lambda w: reverse(
                "admin:measures_measure_permissions_manage_group",
                args=[w.measure.pk, w.unit_b.group.pk],
            ),
            "A A A A A 403 A 200",
        )
    ],
    "admin:projects_project_permissions": [
        Row(
            "get",
            lambda w: reverse("admin:projects_project_permissions", args=[w.project.pk]),
            "A A A A A 403 A 403",
        )
    ],
    "admin:projects_project_permissions_manage_user": [
        Row(
            "get",
            lambda w: reverse(
                "admin:projects_project_permissions_manage_user", args=[w.project.pk, w.author.pk]
            ),
            "A A A A A 403 A 403",
        )
    ],
    "admin:projects_project_permissions_manage_group": [
        Row(
            "get",
            lambda w: reverse(
                "admin:projects_project_permissions_manage_group",
                args=[w.project.pk, w.unit_b.group.pk],
            ),
            "A A A A A 403 A 403",
        )
    ],
    # Printing letters needs verification.print_lettercode (tests/verification/test_letter.py
    # tries it with the permission).
    "admin:verification_lettercode_print": [
        Row("get", u("admin:verification_lettercode_print"), "A A A A A 403 A 403"),
        Row("post", u("admin:verification_lettercode_print"), "A A A A A 403 A 403"),
    ],
    "admin:measures_measure_import": [
        Row("get", u("admin:measures_measure_import"), "A A A A A 403 A 200")
    ],
    "admin:measures_measure_process_import": [
        Row("post", u("admin:measures_measure_process_import"), "A A A A A 403 A 200")
    ],
    "admin:measures_measure_export": [
        Row("get", u("admin:measures_measure_export"), "A A A A A 200 A 200")
    ],
    "admin:measures_measure_simple_history": [
        Row(
            "get",
            lambda w: reverse(
                "admin:measures_measure_simple_history",
                args=[w.measure.pk, w.measure.history.first().pk],
            ),
            "A A A A A 403 A 200",
        )
    ],
    "admin:measures_milestone_simple_history": [
        Row(
            "get",
            lambda w: reverse(
                "admin:measures_milestone_simple_history",
                args=[
                    w.measure.milestones.first().pk,
                    w.measure.milestones.first().history.first().pk,
                ],
            ),
            "A A A A A 403 A 200",
        )
    ],
    "admin:measures_indicator_simple_history": [
        Row(
            "get",
            lambda w: reverse(
                "admin:measures_indicator_simple_history",
                args=[
                    w.measure.indicators.first().pk,
                    w.measure.indicators.first().history.first().pk,
                ],
            ),
            "A A A A A 403 A 200",
        )
    ],
    # Verified residents (verification/admin/): the Bürgerservice's pages.
    **{
        name: [
            Row("get", u(name), "A A A A A 403 A 403"),
            Row("post", u(name), "A A A A A 403 A 403"),
        ]
        for name in (
            "admin:verification_registerimport_import",
            "admin:verification_registerimport_delete_extract",
            "admin:verification_verification_desk",
        )
    },
    "admin:verification_verification_overview": [
        Row("get", u("admin:verification_verification_overview"), "A A A A A 403 A 403")
    ],
    "admin:verification_verification_revoke": [
        Row(
            "post",
            lambda w: reverse(
                "admin:verification_verification_revoke",
                args=[VerificationFactory(user=w.author).pk],
            ),
            "A A A A A 403 A 403",
            {"note": "Grund"},
        )
    ],
}

# Patterns without a name, by their route, and why they need no row of their own.
UNNAMED = {
    "^media/(?P<path>.*)$": "DEBUG only: serves uploaded files in development",
    "admin/(?P<url>.*)$": "the admin's catch-all: redirects to the sign-in page or 404",
    "accounts/social/connections/": "allauth's old address: redirects to accounts/3rdparty/…",
    "accounts/social/login/cancelled/": "allauth's old address: redirects to accounts/3rdparty/…",
    "accounts/social/login/error/": "allauth's old address: redirects to accounts/3rdparty/…",
    "accounts/social/signup/": "allauth's old address: redirects to accounts/3rdparty/…",
}


# --- completeness: the URL configuration and the schema against the rows -------------------


def url_names() -> tuple[set[str], set[str]]:
    """(names, routes of unnamed patterns) of the whole URL configuration."""
    names, unnamed = set(), set()

    def walk(resolver, prefix="", namespace=None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if pattern.name is None:
                    unnamed.add(route)
                elif route.startswith("api/v1/"):
                    continue  # API operations: checked against the schema
                else:
                    names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver())
    return names, unnamed


def api_operations() -> set[str]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


def all_site_rows() -> dict[str, list[Row]]:
    return {**SITE, **ADMIN_EXTRA, **admin_rows()}


def test_every_url_has_a_row():
    unlisted_models = sorted(admin_labels() - set(ADMIN_MODELS))
    assert not unlisted_models, f"admin models without a row in ADMIN_MODELS: {unlisted_models}"
    names, unnamed = url_names()
    missing = sorted(names - set(all_site_rows()))
    assert not missing, f"URLs without a row in the permission matrix: {missing}"
    stale = sorted(set(all_site_rows()) - names)
    assert not stale, f"rows for URLs that no longer exist: {stale}"
    unknown = sorted(
        route
        for route in unnamed
        if not any(re.fullmatch(".*" + re.escape(known), route) for known in UNNAMED)
        and not route.startswith("admin/")
    )
    assert not unknown, f"unnamed URL patterns without a reason in UNNAMED: {unknown}"


def test_every_api_operation_has_a_row():
    operations = api_operations()
    missing = sorted(operations - set(API))
    assert not missing, f"API operations without a row in the permission matrix: {missing}"
    stale = sorted(set(API) - operations)
    assert not stale, f"rows for API operations that no longer exist: {stale}"


def _params(rows: dict[str, list[Row]]):
    return [
        pytest.param(row, id=f"{name}" + (f"[{i}]" if len(group) > 1 else ""))
        for name, group in rows.items()
        for i, row in enumerate(group)
    ]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One city for all rows of this module (per test process): every request runs in a
    savepoint that is rolled back (``ask``), so no row sees another row's writes, and the
    whole city is rolled back when the module is done. Building it for each of the ~250
    rows cost about two minutes of CI."""
    private_root = tmp_path_factory.mktemp("matrix-private")
    with django_db_blocker.unblock(), override_settings(PRIVATE_ROOT=private_root):
        with transaction.atomic():
            city = city_with_every_role()
            # The eight people, made once: each request's savepoint rolls back whatever
            # it changes of them (posting limits, which would count across rows, are off
            # in the tests).
            city.people = {role: city.person(role) for role in ROLES}
            yield city
            transaction.set_rollback(True)


@pytest.mark.parametrize("row", _params(SITE) + _params(ADMIN_EXTRA))
def test_site(row, world):
    check(row, world)


@pytest.mark.parametrize("row", _params(admin_rows()))
def test_admin(row, world):
    check(row, world)


@pytest.mark.parametrize("row", _params(API))
def test_api(row, world):
    check(row, world)
