"""Property-based fuzzing of /api/v1/ with Schemathesis: every operation of the OpenAPI
schema, with data the schema allows (and path values that exist), must never answer
with a server error — anonymously and with the token of a verified resident.

The schema is loaded from the app itself (WSGI, no server). Hypothesis runs each
operation's examples inside one database transaction of its test (pytest-django's
``db``, rolled back afterwards), with demo-like data: a published project in its ideas
phase, one in its voting phase, ideas, comments, measures with timeline, districts,
notifications. The examples are derandomized, so CI is reproducible; raise
``EXAMPLES_PER_OPERATION`` locally to search harder.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from core.api.tokens import api_token_issue
from jena_smart.wsgi import application
from tests import scenarios
from tests.factories import JENA_CENTRE
from tests.polls.factories import poll_with_questions

EXAMPLES_PER_OPERATION = 30

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

# Path values that exist, filled by the ``world`` fixture of the running test: the
# generator offers them beside random ones, so the fuzzing reaches real objects too.
KNOWN: dict[str, list] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not path_parameters:
        return st.just(path_parameters)
    real = {name: KNOWN[name] for name in path_parameters if KNOWN.get(name)}
    if not real:
        return st.just(path_parameters)
    known = st.fixed_dictionaries(
        {name: st.sampled_from(values) for name, values in real.items()}
    ).map(lambda chosen: {**path_parameters, **chosen})
    return st.one_of(st.just(path_parameters), known)


@schema.hook
def map_query(context, query):
    # ``project`` is needed by the idea and report lists: mostly a real one.
    if query is not None and "project" in query and KNOWN.get("project_slugs"):
        if isinstance(query["project"], str) and len(query["project"]) % 3:
            query = {**query, "project": KNOWN["project_slugs"][len(query["project"]) % 2]}
    return query


@schema.hook
def map_body(context, body):
    # References in the body (idea, project, parent, …): often real ones, so the
    # services behind the writes see the generated text, places and reasons.
    if not isinstance(body, dict) or not KNOWN.get("body"):
        return body
    pick = len(repr(sorted(body, key=str)))
    mapped = dict(body)
    for key, values in KNOWN["body"].items():
        if key in mapped and pick % 4:
            mapped[key] = values[(pick // 4) % len(values)]
    if "location" in mapped and pick % 2:
        mapped["location"] = {"type": "Point", "coordinates": list(JENA_CENTRE)}
    return mapped


FUZZ = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture(scope="module")
def _connection_kept_across_requests():
    """The WSGI handler closes "old" database connections when a request starts and ends;
    inside a test's transaction that would close the test's own connection (PostgreSQL).
    Django's test client switches this off for its requests; so do we."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, _connection_kept_across_requests):
    """Demo-like data, and the names of what exists for the path parameters: built once
    per module (per test process) in a transaction that is rolled back at its end; each
    test runs in a savepoint of its own inside it (pytest-django's ``db``), so no test
    sees what another one's examples wrote. (Built for each of the 90 tests it cost
    ~0.4 s each.)"""
    with django_db_blocker.unblock(), transaction.atomic():
        yield from _world()
        transaction.set_rollback(True)


def _world():
    city = scenarios.two_running_projects_and_a_measure()
    ideas, comments, measure = city.ideas, city.comments, city.measure
    ideas_project, voting_project = city.ideas_project, city.voting_project
    notifications = city.notifications
    assert notifications
    token = api_token_issue(user=city.resident)
    # A running poll with a question of every kind, its results shown live (polls API).
    poll = poll_with_questions(11)
    poll.results_visibility = "live"
    poll.save()
    KNOWN.clear()
    KNOWN.update(
        {
            "id": [i.pk for i in ideas]
            + [c.pk for c in comments]
            + [city.follow.pk]
            + [n.pk for n in notifications]
            + [poll.pk],
            "idea_id": [i.pk for i in ideas],
            "slug": [
                measure.slug,
                measure.bundle.slug,
                measure.bundle.field_of_action.slug,
                ideas_project.slug,
                voting_project.slug,
                "winzerla",
            ],
            "project_slugs": [ideas_project.slug, voting_project.slug],
            "body": {
                "project": [ideas_project.slug, ideas_project.slug, voting_project.slug],
                "idea": [i.pk for i in ideas],
                "comment": [c.pk for c in comments],
                "parent": [c.pk for c in comments],
                "measure": [measure.slug],
                "bundle": [measure.bundle.slug],
                "core_area": [city.core_area.slug],
                "district": ["winzerla", "jena-zentrum"],
                "category": [city.category.slug],
                "reason": ["insult", "other", "spam"],
            },
        }
    )
    yield {"token": token.key}
    KNOWN.clear()


@schema.parametrize()
@FUZZ
def test_no_server_error_for_anonymous_callers(case, world, db):
    case.call_and_validate(checks=[not_a_server_error])


@schema.parametrize()
@FUZZ
def test_no_server_error_for_a_verified_resident_with_a_token(case, world, db):
    case.call_and_validate(
        headers={"Authorization": f"Token {world['token']}"}, checks=[not_a_server_error]
    )
