"""The OpenAPI schema documents all of /api/v1/: a request body for every write, the
answer of every operation, its errors, named enums, and both ways to sign in."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

NO_BODY = {  # writes that take nothing but the path
    ("post", "/api/v1/notifications/{id}/read/"),
    ("post", "/api/v1/notifications/read-all/"),
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def test_the_schema_generates_without_warnings_and_validates():
    # The same command as .ci/run: SchemaGenerationError on a warning, invalid → error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_every_endpoint_is_documented(schema):
    documented = {(m, p) for m, p, _op in operations(schema)}
    expected = {
        ("get", "/api/v1/districts/"),
        ("get", "/api/v1/districts/{slug}/"),
        ("post", "/api/v1/ideas/"),
        ("patch", "/api/v1/ideas/{id}/"),
        ("delete", "/api/v1/ideas/{id}/"),
        ("post", "/api/v1/comments/"),
        ("patch", "/api/v1/comments/{id}/"),
        ("delete", "/api/v1/comments/{id}/"),
        ("post", "/api/v1/votes/"),
        ("delete", "/api/v1/votes/{idea_id}/"),
        ("get", "/api/v1/flags/"),
        ("post", "/api/v1/flags/"),
        ("post", "/api/v1/follows/"),
        ("delete", "/api/v1/follows/{id}/"),
        ("get", "/api/v1/notifications/"),
        ("post", "/api/v1/notifications/{id}/read/"),
        ("post", "/api/v1/notifications/read-all/"),
    }
    assert expected <= documented
    # Changes are PATCH; the one PUT replaces a singleton as a whole: one's ballot.
    assert {p for m, p in documented if m == "put"} <= {"/api/v1/budgets/{slug}/ballot/"}


def test_every_write_documents_its_request_and_every_operation_its_answer(schema):
    for method, path, operation in operations(schema):
        label = f"{method.upper()} {path}"
        success = [code for code in operation["responses"] if code.startswith("2")]
        assert success, label
        for code in success:
            if code != "204":
                assert operation["responses"][code].get("content"), label
        if method in ("post", "patch") and (method, path) not in NO_BODY:
            assert operation.get("requestBody", {}).get("content"), label
        assert operation.get("summary"), label


def test_every_operation_documents_its_errors(schema):
    for method, path, operation in operations(schema):
        label = f"{method.upper()} {path}"
        codes = set(operation["responses"])
        assert "429" in codes, label
        if method != "get":
            assert {"400", "403"} <= codes, label
        if "{" in path:
            assert "404" in codes, label
        for code in codes - {"304"}:
            if code.startswith("4"):
                assert operation["responses"][code].get("content"), f"{label} {code}"


def test_enums_have_names_that_say_what_they_are(schema):
    enums = {name for name in schema["components"]["schemas"] if name.endswith("Enum")}
    assert enums <= {
        "MeasureStatusEnum",
        "MilestoneStateEnum",
        "ProjectStatusEnum",
        "PhaseTypeEnum",
        "IdeaStatusEnum",
        "FlagStatusEnum",
        "FlagReasonEnum",
        "ModerationActionEnum",
        "ReviewOutcomeEnum",
        "NotificationKindEnum",
        "FollowKindEnum",
        "ProposalStatusEnum",
        "ProposalSourceEnum",
        "VotingMethodEnum",
        "CountingMethodEnum",
        "ImplementationStatusEnum",
        "PollQuestionKindEnum",
        "PollStateEnum",
        "PollConditionOperatorEnum",
        "PollResultsVisibilityEnum",
        "BlankEnum",
        "NullEnum",
    }


def test_both_ways_to_sign_in_are_documented(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["name"] == "Authorization"
    assert schemes["cookieAuth"]["in"] == "cookie"
    create = schema["paths"]["/api/v1/ideas/"]["post"]
    assert {"tokenAuth": []} in create["security"]


def test_the_idea_write_takes_json_and_multipart(schema):
    body = schema["paths"]["/api/v1/ideas/"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data"}
    fields = schema["components"]["schemas"]["IdeaCreate"]["properties"]
    assert {"project", "title", "text", "location", "district", "image"} <= set(fields)
