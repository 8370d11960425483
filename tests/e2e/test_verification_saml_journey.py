"""Sign-in with BundID over SAML in a real browser, against a real identity provider
started in the test (pysaml2, tests/verification/saml_idp/): a resident of Jena signs in
from an idea whose vote counts only confirmed residents, comes back confirmed and votes;
a resident with an e-mail account links BundID on the residence page. axe-core checks the
pages that show the new buttons."""

from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import expect

from participation.ideas.models import Vote
from tests.e2e.helpers import check_axe
from tests.e2e.test_accessibility import AXE
from tests.factories import DEFAULT_PASSWORD, IdeaFactory, UserFactory
from tests.verification.factories import ANNA, import_extract, residents_only_voting_phase
from tests.verification.saml_idp import configure_site
from users.models import User
from verification.models import Method, Verification

pytestmark = pytest.mark.e2e


@pytest.fixture
def bundid(page, live_server, settings, idp):
    """The live site with BundID over SAML configured; the browser may reach the identity
    provider (every other host stays blocked)."""
    configure_site(settings, idp, site_url=live_server.url)
    metadata = requests.get(f"{live_server.url}/accounts/saml/bundid/metadata/", timeout=30)
    assert metadata.status_code == 200, metadata.text
    idp.trust(metadata.content)
    page.browser_log.allowed_netlocs.add(urlsplit(idp.base_url).netloc)
    return idp


def sign_in_at_bundid(page, person_label: str) -> None:
    expect(page.get_by_role("heading", name="Test-BundID")).to_be_visible()
    page.get_by_label(person_label).check()
    page.get_by_role("button", name="Anmelden").click()


def test_a_resident_signs_in_with_bundid_and_votes_where_only_residents_count(
    page, bundid, browser_log
):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make setup)"
    import_extract(ANNA)
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project)
    found: dict = {}

    page.goto(idea.get_absolute_url())
    widget = page.locator(f"#vote-{idea.pk}")
    expect(widget).to_contain_text("Bitte melden Sie sich an")
    widget.get_by_role("link", name="Anmelden").click()
    check_axe(page, found)

    page.get_by_role("button", name="Mit BundID (SAML) anmelden").click()
    sign_in_at_bundid(page, "Anna Maria Müller, Jena (Personalausweis)")

    # Back on the idea (the identity provider's answer went through the site), signed in
    # and confirmed.
    expect(page.get_by_text("Ihr Wohnsitz in Jena ist bestätigt.")).to_be_visible()
    expect(page.locator(".site-account__name")).to_be_visible()
    assert page.url.split("#")[0].endswith(idea.get_absolute_url())
    user = User.objects.get(email="anna.bundid@example.org")
    verification = Verification.objects.current().get(user=user)
    assert (verification.method, verification.trust_level) == (Method.SAML, "substantial")

    button = page.locator(f"#vote-{idea.pk} button")
    expect(button).to_have_accessible_name("Unterstützen")
    button.click()
    expect(page.locator(f"#vote-{idea.pk}")).to_contain_text("1 Unterstützung")
    assert Vote.objects.filter(user=user, idea=idea).exists()

    assert found == {}, found
    browser_log.assert_clean()


def test_a_person_from_weimar_signs_in_and_still_cannot_vote(page, bundid, browser_log):
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project)

    page.goto("/accounts/login/?next=" + idea.get_absolute_url())
    page.get_by_role("button", name="Mit BundID (SAML) anmelden").click()
    sign_in_at_bundid(page, "Paul Schiller, Weimar (Personalausweis)")

    expect(page.get_by_text("hat Ihren Wohnsitz in Jena nicht bestätigt")).to_be_visible()
    expect(page.locator(f"#vote-{idea.pk}")).to_contain_text(
        "Bestätigen Sie Ihren Wohnsitz in Jena, um abzustimmen."
    )
    expect(page.locator(f"#vote-{idea.pk} button")).to_have_count(0)
    browser_log.assert_clean()


def test_a_resident_with_an_email_account_links_bundid_on_the_residence_page(
    page, bundid, browser_log, live_server
):
    resident = UserFactory()
    found: dict = {}
    # as tests.e2e.helpers.sign_in, whose "the form's submit button" is ambiguous here
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(resident.email)
    page.get_by_label("Passwort").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmeldung").click()
    expect(page.locator(".site-account__name")).to_be_visible()

    page.goto("/konto/wohnsitz/")
    expect(page.locator("#verification-none")).to_be_visible()
    check_axe(page, found)
    page.get_by_role("button", name="Mit BundID (SAML) bestätigen").click()
    sign_in_at_bundid(page, "Anna Maria Müller, Jena (Personalausweis)")

    expect(page).to_have_url(f"{live_server.url}/konto/wohnsitz/")
    expect(page.locator("#verification-state")).to_contain_text(
        "Ihr Wohnsitz in Jena ist bestätigt."
    )
    expect(page.locator("#saml")).to_contain_text("Ihr BundID (SAML)-Konto ist verknüpft.")
    check_axe(page, found)
    assert Verification.objects.current().get(user=resident).method == Method.SAML
    assert found == {}, found
    browser_log.assert_clean()
