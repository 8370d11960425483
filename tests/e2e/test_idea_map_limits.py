"""When the API's limit for reading is reached (many people behind one address), the map
says so in words under the map, and the list beside it still shows every idea."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import IdeaFactory, PhaseFactory, ProjectFactory

pytestmark = pytest.mark.e2e


def test_a_refused_map_request_shows_a_readable_message_and_the_list(page, transactional_db):
    project = ProjectFactory(slug="licht", title="Smarte Straßenbeleuchtung", area=None)
    now = timezone.now()
    PhaseFactory(project=project, start=now - datetime.timedelta(days=1),
                 end=now + datetime.timedelta(days=30))
    IdeaFactory(project=project, title="Laterne am Markt")

    def too_many(route):
        route.fulfill(
            status=429,
            headers={"Retry-After": "120", "Content-Type": "application/json"},
            body='{"detail": "Zu viele Anfragen."}',
        )

    page.route("**/api/v1/ideas/**", too_many)
    page.goto("/beteiligung/licht/ideen/")

    status = page.locator("#idea-map-status")
    expect(status).to_contain_text("sehr viele Anfragen")
    expect(status).to_contain_text("Die Liste zeigt alle Ideen")
    expect(page.locator("#idea-list")).to_contain_text("Laterne am Markt")
