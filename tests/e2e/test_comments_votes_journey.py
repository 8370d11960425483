"""Comments and votes in a real browser: a resident supports an idea and discusses it
with the keyboard (comment, reply in a disclosure, edit, delete), comments on a measure,
a moderator highlights a comment; the same works with JavaScript switched off; axe-core's
WCAG 2.1 A/AA checks on every page along the way."""

import json

import pytest
from playwright.sync_api import expect

from participation.ideas.models import Comment, Vote
from tests import scenarios
from tests.e2e.helpers import check_axe, sign_in
from tests.e2e.test_accessibility import AXE
from tests.factories import UserFactory
from tests.ideas.factories_comments_votes import moderator_of

pytestmark = pytest.mark.e2e


def test_a_resident_supports_and_discusses_with_the_keyboard(page, browser_log):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make setup)"
    w = scenarios.idea_to_support_and_discuss()
    project, idea, measure, resident = w.project, w.idea, w.measure, w.resident
    neighbour = UserFactory(display_name="Ben")
    found: dict = {}

    # Anonymous visitors see why they cannot take part yet.
    page.goto(idea.get_absolute_url())
    expect(page.locator(f"#vote-{idea.pk}")).to_contain_text(
        "Bitte melden Sie sich an, um Ideen zu unterstützen."
    )
    expect(page.locator(f"#comments-idea-{idea.pk}")).to_contain_text("Bitte melden Sie sich an")
    check_axe(page, found)

    sign_in(page, resident)
    page.goto(idea.get_absolute_url())
    check_axe(page, found)

    # Support, with the keyboard.
    button = page.locator(f"#vote-{idea.pk} button")
    expect(button).to_have_accessible_name("Unterstützen")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"#vote-{idea.pk}")
    widget = page.locator(f"#vote-{idea.pk}")
    expect(widget).to_contain_text("1 Unterstützung")
    expect(widget).to_contain_text("Sie haben noch 2 von 3 Stimmen.")
    expect(widget.locator("button")).to_have_accessible_name("Unterstützt – zurückziehen")
    expect(page.locator(".site-messages [role=status]")).to_contain_text(
        "Sie hat jetzt 1 Unterstützung."
    )
    assert Vote.objects.filter(user=resident, idea=idea).exists()
    check_axe(page, found)

    # Comment.
    page.get_by_label("Ihr Kommentar", exact=True).last.fill("Dort ist es abends sehr dunkel.")
    page.get_by_role("button", name="Kommentar veröffentlichen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    own = Comment.objects.get(author=resident)
    assert page.url.endswith(f"#comment-{own.pk}")
    expect(page.locator(f"#comment-{own.pk}")).to_contain_text("Dort ist es abends sehr dunkel.")
    expect(page.locator(".site-messages")).to_contain_text("Ihr Kommentar ist veröffentlicht.")

    # A neighbour's comment; the resident answers it in the disclosure, keyboard only.
    other = Comment.objects.create(idea=idea, author=neighbour, text="Stimmt, vor allem im Winter.")
    page.reload()
    summary = page.locator(f"#comment-{other.pk} summary", has_text="Antworten")
    summary.focus()
    page.keyboard.press("Enter")
    reply_box = page.get_by_label("Ihre Antwort an Ben")
    expect(reply_box).to_be_visible()
    reply_box.fill("Dann unterstützen Sie die Idee doch auch!")
    with page.expect_navigation():
        page.locator(f"#comment-{other.pk}").get_by_role(
            "button", name="Antwort veröffentlichen"
        ).click()
    reply = Comment.objects.get(parent=other)
    expect(page.locator(".participation-thread__replies")).to_contain_text(
        "Dann unterstützen Sie die Idee doch auch!"
    )
    check_axe(page, found)

    # Edit and delete the own reply.
    page.locator(f"#comment-{reply.pk} summary", has_text="Bearbeiten").click()
    page.locator(f"#id_edit_{reply.pk}_text").fill("Unterstützen Sie die Idee!")
    page.locator(f"#comment-{reply.pk}").get_by_role("button", name="Änderung speichern").click()
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("bearbeitet")
    page.locator(f"#comment-{reply.pk} summary", has_text="Löschen").click()
    page.locator(f"#comment-{reply.pk}").get_by_role("button", name="Ja, Kommentar löschen").click()
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("Dieser Kommentar wurde gelöscht.")

    # An empty comment gets its error on a page of its own, nothing lost.
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    expect(page.locator("h1")).to_have_text("Kommentar schreiben")
    expect(page.locator(".kern-error")).to_contain_text("Bitte schreiben Sie einen Kommentar.")
    check_axe(page, found)
    page.goto(f"/beteiligung/kommentare/{other.pk}/antworten/")
    check_axe(page, found)
    page.goto(f"/beteiligung/kommentare/{own.pk}/loeschen/")
    check_axe(page, found)

    # A measure's discussion, in German and English.
    page.goto(f"/strategie/massnahmen/{measure.slug}/")
    page.get_by_label("Ihr Kommentar", exact=True).fill("Wann kommt das WLAN nach Winzerla?")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    expect(page.locator(".participation-thread")).to_contain_text("Winzerla")
    check_axe(page, found)
    page.goto(f"/en/strategie/massnahmen/{measure.slug}/")
    check_axe(page, found)

    # The moderator of the project highlights the neighbour's comment.
    sign_in(page, moderator_of(project))
    page.goto(idea.get_absolute_url())
    page.locator(f"#comment-{other.pk}").get_by_role("button", name="Hervorheben").click()
    expect(page.locator(f"#comment-{other.pk}")).to_contain_text(
        "von der Moderation hervorgehoben"
    )
    check_axe(page, found)

    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)
    browser_log.assert_clean()


def test_supporting_and_commenting_work_without_javascript(
    browser, live_server, transactional_db, legal_pages
):
    w = scenarios.idea_to_support_and_discuss()
    idea, resident = w.idea, w.resident
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, resident)
        page.goto(idea.get_absolute_url())
        page.locator(f"#vote-{idea.pk} button").click()
        expect(page.locator(f"#vote-{idea.pk}")).to_contain_text("1 Unterstützung")
        page.locator(f"#vote-{idea.pk} button").click()  # pressed again: withdrawn
        expect(page.locator(f"#vote-{idea.pk}")).to_contain_text("0 Unterstützungen")
        page.get_by_label("Ihr Kommentar", exact=True).last.fill("Ohne JavaScript geschrieben.")
        page.get_by_role("button", name="Kommentar veröffentlichen").click()
        comment = Comment.objects.get(author=resident)
        page.locator(f"#comment-{comment.pk} summary", has_text="Antworten").click()
        page.get_by_label(f"Ihre Antwort an {resident.public_name}").fill("Und geantwortet.")
        page.locator(f"#comment-{comment.pk}").get_by_role(
            "button", name="Antwort veröffentlichen"
        ).click()
        expect(page.locator(".participation-thread__replies")).to_contain_text("Und geantwortet.")
    finally:
        context.close()
