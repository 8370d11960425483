"""The whole participation journey of issue 4 in one real browser session:

sign up → verify from the e-mail → sign in → propose an idea by clicking the map →
propose one without the map (keyboard only) → support an idea → comment and reply →
a moderator hides the comment → the author reads the statement of reasons.
"""

import json
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from geo.selectors import district_cache_clear
from participation.ideas.models import Comment, Idea, Vote
from participation.moderation.services import flag_create
from tests import scenarios
from tests.e2e.helpers import check_axe, sign_in, tab_to
from tests.users.helpers import GOOD_PASSWORD, confirmation_link
from users.models import User

pytestmark = pytest.mark.e2e

EMAIL = "saalefuchs@example.org"


@pytest.fixture
def world(transactional_db):
    yield scenarios.project_with_a_neighbours_idea_and_a_moderator()
    district_cache_clear()


def test_resident_takes_part_from_sign_up_to_the_statement_of_reasons(
    page, browser_log, live_server, world
):
    wcag: dict = {}

    # 1. Sign up.
    page.goto("/accounts/signup/")
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("Anzeigename (öffentlich, Pseudonym erlaubt)").fill("Saalefuchs")
    page.get_by_label("Passwort", exact=True).fill(GOOD_PASSWORD)
    page.get_by_label("Passwort (Wiederholung)").fill(GOOD_PASSWORD)
    page.get_by_label("Wohnortsteil").select_option(label="Winzerla")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Bestätigen Sie Ihre E-Mail-Adresse")

    # 2. Verify from the e-mail.
    [message] = mail.outbox
    page.goto(urlsplit(confirmation_link(message)).path)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".site-messages")).to_contain_text(EMAIL)
    resident = User.objects.get(email=EMAIL)

    # 3. Sign in.
    sign_in(page, resident, password=GOOD_PASSWORD)
    expect(page.locator(".site-account")).to_contain_text("Angemeldet als Saalefuchs")

    # 4. An idea by clicking the map.
    page.goto("/beteiligung/licht/ideen/neu/")
    expect(page.locator("#idea-picker.participation-picker--ready")).to_be_visible()
    check_axe(page, wcag)
    page.get_by_label("Titel", exact=True).fill("Smarte Laterne am Holzmarkt")
    page.get_by_label("Beschreibung", exact=True).fill("Abends ist es hier zu dunkel.")
    page.get_by_label("Kategorie").select_option(label="Beleuchtung")
    page.locator("#idea-picker").click()
    expect(page.locator("#idea-picker-status")).to_contain_text("Punkt gesetzt")
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("h1")).to_have_text("Smarte Laterne am Holzmarkt")
    mapped = Idea.objects.get(title="Smarte Laterne am Holzmarkt")
    assert mapped.author == resident and mapped.location and mapped.district

    # 5. An idea without the map, keyboard only.
    page.goto("/beteiligung/licht/ideen/neu/")
    page.keyboard.press("Tab")
    tab_to(page, "#id_title")
    page.keyboard.type("Bewegungsmelder am Spielplatz")
    page.keyboard.press("Tab")
    page.keyboard.type("Licht nur, wenn jemand kommt.")
    tab_to(page, "#id_district")
    page.keyboard.type("Winzerla")
    tab_to(page, "#id_place_description")
    page.keyboard.type("Spielplatz Anna-Siemsen-Straße")
    tab_to(page, "#idea-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#idea-district")).to_have_text("Winzerla")
    unmapped = Idea.objects.get(title="Bewegungsmelder am Spielplatz")
    assert unmapped.location is None and unmapped.district.name == "Winzerla"

    # 6. Support the neighbour's idea.
    their_idea = world.their_idea
    page.goto(their_idea.get_absolute_url())
    page.locator(f"#vote-{their_idea.pk} button").click()
    expect(page.locator(f"#vote-{their_idea.pk}")).to_contain_text("1 Unterstützung")
    assert Vote.objects.filter(user=resident, idea=their_idea).exists()

    # 7. Comment, and reply to the neighbour's comment.
    page.get_by_label("Ihr Kommentar", exact=True).last.fill("Am Saaleufer fehlt Licht wirklich.")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    own_comment = Comment.objects.get(author=resident, parent=None)
    expect(page.locator(f"#comment-{own_comment.pk}")).to_contain_text("fehlt Licht")
    their_comment = world.their_comment
    page.locator(f"#comment-{their_comment.pk} summary", has_text="Antworten").click()
    page.get_by_label("Ihre Antwort an Ben aus Lobeda").fill("Bewegungsmelder spart auch Strom.")
    page.locator(f"#comment-{their_comment.pk}").get_by_role(
        "button", name="Antwort veröffentlichen"
    ).click()
    reply = Comment.objects.get(author=resident, parent=their_comment)
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("spart auch Strom")
    check_axe(page, wcag)

    # 8. The neighbour reports the comment; a moderator hides it with a statement.
    flag_create(reporter=world.neighbour, reason="insult", text="Ton", comment=own_comment)
    sign_in(page, world.moderator)
    page.goto("/beteiligung/licht/moderation/")
    check_axe(page, wcag)
    page.goto(f"/beteiligung/licht/moderation/comment/{own_comment.pk}/")
    page.get_by_label("Regel, gegen die der Beitrag verstößt").select_option("off_topic")
    page.get_by_label("Begründung", exact=True).fill(
        "Der Kommentar gehört nicht zu dieser Idee (Regel 4 der Netiquette)."
    )
    page.get_by_role("button", name="Ausblenden").first.click()
    expect(page.locator(".site-messages")).to_be_visible()
    own_comment.refresh_from_db()
    assert own_comment.is_hidden

    # 9. Others see a placeholder; the author reads the statement of reasons.
    sign_in(page, world.neighbour)
    page.goto(their_idea.get_absolute_url())
    expect(page.locator(f"#comment-{own_comment.pk}")).not_to_contain_text("fehlt Licht")
    sign_in(page, resident, password=GOOD_PASSWORD)
    page.goto(their_idea.get_absolute_url())
    notice = page.locator(f"#comment-{own_comment.pk}")
    expect(notice).to_contain_text("Regel 4 der Netiquette")
    expect(notice).to_contain_text("nicht zum Thema")
    check_axe(page, wcag)

    assert wcag == {}, json.dumps(wcag, indent=2, ensure_ascii=False)
    browser_log.assert_clean()
