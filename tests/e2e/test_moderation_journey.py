"""Moderation in a real browser: a resident reports a comment with the keyboard, a
moderator hides two items with one bulk action (no JavaScript involved), the author reads
the statement of reasons and asks for a review; axe-core's WCAG 2.1 A/AA checks on every
moderation page along the way."""

import json

import pytest
from playwright.sync_api import expect

from participation.ideas.models import Comment, Idea
from participation.moderation.models import Flag, ModerationDecision
from tests import scenarios
from tests.e2e.helpers import check_axe, sign_in
from tests.e2e.test_accessibility import AXE
from tests.moderation.factories_moderation import reports_on

pytestmark = pytest.mark.e2e






def test_report_bulk_hide_statement_and_review(page, browser_log):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make setup)"
    world = scenarios.two_projects_with_their_moderators()
    reports_on(world.idea_a, 1, text="Das ist Werbung.")
    found: dict = {}

    # A resident reports the comment, with the keyboard only.
    sign_in(page, world.resident)
    page.goto(f"/beteiligung/melden/comment/{world.comment_a.pk}/?next=/beteiligung/")
    check_axe(page, found)
    page.get_by_label("Beleidigung oder Belästigung").focus()
    page.keyboard.press("Space")
    page.get_by_label("Erläuterung").fill("Persönlicher Angriff.")
    page.get_by_role("button", name="Meldung absenden").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".site-messages")).to_contain_text("Danke für Ihre Meldung")
    assert Flag.objects.filter(comment=world.comment_a, reporter=world.resident).exists()

    # The moderator of project A hides both reported items with one bulk action.
    sign_in(page, world.moderator_a)
    page.goto(f"/beteiligung/{world.project_a.slug}/moderation/")
    expect(page.locator("h1")).to_have_text("Moderation: Projekt A")
    check_axe(page, found)
    page.locator(f"#select-idea-{world.idea_a.pk}").check()
    page.locator(f"#select-comment-{world.comment_a.pk}").check()
    page.get_by_label("Aktion für die ausgewählten Beiträge").select_option("hide")
    page.locator("#bulk_rule").select_option("insult")
    page.get_by_label("Gemeinsame Begründung").fill(
        "Persönlicher Angriff auf eine andere Person. Verstößt gegen Regel 2 der Netiquette."
    )
    page.get_by_role("button", name="Auf ausgewählte Beiträge anwenden").click()
    expect(page.locator(".site-messages")).to_contain_text("2 Beiträge ausgeblendet.")
    assert Idea.objects.get(pk=world.idea_a.pk).is_hidden
    assert Comment.objects.get(pk=world.comment_a.pk).is_hidden
    assert not Idea.objects.get(pk=world.idea_b.pk).is_hidden
    check_axe(page, found)
    page.goto(f"/beteiligung/{world.project_a.slug}/moderation/?status=decided")
    check_axe(page, found)
    page.goto(f"/beteiligung/{world.project_a.slug}/moderation/comment/{world.comment_a.pk}/")
    check_axe(page, found)
    # Project B is out of reach.
    response = page.goto(f"/beteiligung/{world.project_b.slug}/moderation/")
    assert response.status == 403

    # The author reads the statement of reasons and asks for a review, once.
    decision = ModerationDecision.objects.get(comment=world.comment_a)
    sign_in(page, world.author)
    page.goto(f"/beteiligung/moderation/entscheidung/{decision.pk}/ueberpruefung/")
    main = page.locator("main")
    expect(main).to_contain_text("Verstößt gegen Regel 2 der Netiquette.")
    expect(main).to_contain_text("Beleidigung oder Belästigung")
    check_axe(page, found)
    page.get_by_label("Warum soll die Entscheidung überprüft werden?").fill(
        "Das war ein Zitat, kein Angriff."
    )
    page.get_by_role("button", name="Überprüfung beantragen").click()
    decision.refresh_from_db()
    assert decision.review_text == "Das war ein Zitat, kein Angriff."
    page.goto(f"/beteiligung/moderation/entscheidung/{decision.pk}/ueberpruefung/")
    expect(page.locator("main")).to_contain_text("nur einmal überprüft werden")

    # The review request comes first in the moderator's queue.
    sign_in(page, world.moderator_a)
    page.goto(f"/beteiligung/{world.project_a.slug}/moderation/")
    expect(page.locator("#reviews-heading")).to_contain_text("1 Antrag auf Überprüfung")
    check_axe(page, found)

    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)
    # 403 for project B shows in the console as a failed resource; nothing else may.
    browser_log.console_errors = [e for e in browser_log.console_errors if "403" not in e]
    browser_log.assert_clean()
