"""A resident of Jena signs in with the state's account (BundID/DeutschlandID over OpenID
Connect) in a real browser, at a real identity provider started for this module
(tests/verification/oidc_idp/), comes back signed in with the residence confirmed, and
votes where only confirmed residents may."""

import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from participation.ideas.models import Vote
from tests.e2e.helpers import check_axe
from tests.factories import IdeaFactory
from tests.verification.factories import ANNA, import_extract, residents_only_voting_phase
from tests.verification.oidc_idp.fixtures import idp, state_account  # noqa: F401 - fixtures
from tests.verification.oidc_idp.people import PASSWORD
from users.models import User
from verification.models import Method
from verification.rules import current_verification

pytestmark = pytest.mark.e2e


def allow_the_identity_provider(page, provider) -> None:
    """The page fixture counts a request to any host but the site's as a fault; the
    identity provider is the one other host this journey visits."""
    page.browser_log.allowed_netlocs.add(urlsplit(provider.origin).netloc)


def test_resident_signs_in_with_the_state_account_and_votes(
    page,
    browser_log,
    state_account,  # noqa: F811 - the fixture imported above
):
    provider = state_account
    import_extract(ANNA)
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project, title="Mehr Bänke am Saaleufer")
    allow_the_identity_provider(page, provider)
    found: dict = {}

    # A visitor wants to support the idea and is asked to sign in first.
    page.goto(idea.get_absolute_url())
    widget = page.locator(f"#vote-{idea.pk}")
    expect(widget).to_contain_text("Bitte melden Sie sich an")
    widget.get_by_role("link", name="Anmelden").click()

    # The sign-in page offers the state's account.
    button = page.get_by_role("button", name="Mit BundID / DeutschlandID anmelden")
    expect(button).to_be_visible()
    check_axe(page, found)
    button.click()

    # At the identity provider (there: the ID card's online function).
    heading = page.get_by_role("heading", name="Anmeldung beim Test-Identitätsanbieter")
    expect(heading).to_be_visible()
    assert page.url.startswith(provider.origin)
    page.get_by_label("Benutzername").fill("anna")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    # Back at the idea, signed in and confirmed.
    expect(page.locator(".site-messages")).to_contain_text(
        "Ihr Wohnsitz in Jena ist mit Ihrem Konto bei BundID / DeutschlandID bestätigt."
    )
    assert urlsplit(page.url).path == idea.get_absolute_url()
    expect(page.locator(".site-account__name")).to_be_visible()
    user = User.objects.get(email="anna.mueller@example.org")
    verification = current_verification(user)
    assert verification.method == Method.OIDC and verification.district.name == "Zentrum"
    check_axe(page, found)

    # The vote counts.
    widget = page.locator(f"#vote-{idea.pk}")
    with page.expect_navigation():
        widget.get_by_role("button", name="Unterstützen").click()
    expect(page.locator(f"#vote-{idea.pk}")).to_contain_text("1 Unterstützung")
    assert Vote.objects.filter(user=user, idea=idea).exists()

    # The residence page says how it was confirmed and that the account is linked.
    page.goto("/konto/wohnsitz/")
    expect(page.locator("#verification-state")).to_contain_text(
        "Anmeldung mit BundID/DeutschlandID"
    )
    expect(page.locator("#state-account-linked")).to_be_visible()
    check_axe(page, found)

    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)
    browser_log.assert_clean()
