"""A poll from start to end in a real browser: staff build a survey with a conditional
question in the admin, a resident answers it with the keyboard (the condition shows and
hides the question), the results appear as bars and as a table, and the staff's export
opens in a spreadsheet with one column per question."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from participation.polls.models import Poll, Submission, SubmissionState
from tests.e2e.helpers import check_axe, sign_in, tab_to
from tests.e2e.test_accessibility import AXE
from tests.factories import ProjectFactory, SuperuserFactory, UserFactory
from tests.polls.factories import PollPhaseFactory

pytestmark = pytest.mark.e2e

QUESTION = "Wie kommen Sie zum Probierladen?"
FOLLOW_UP = "Mit welcher Linie fahren Sie?"


def build_the_survey_in_the_admin(page, project) -> Poll:
    page.goto(f"/admin/projects/project/{project.pk}/change/")
    with page.expect_navigation():
        page.get_by_role("link", name="Fragebogen anlegen").click()
    page.locator("#id_title").fill("Ihr Weg zum Probierladen")
    page.locator("#id_results_visibility").select_option("live")
    page.locator("#sections-group .add-row a").click()
    page.locator("#id_sections-0-order").fill("10")
    page.locator("#id_sections-0-title").fill("Ihr Weg")
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    poll = Poll.objects.get(phase__project=project)

    # The first question: one choice of three.
    with page.expect_navigation():
        page.get_by_role("link", name="Frage hinzufügen").click()
    page.locator("#id_section").select_option(label="Ihr Weg zum Probierladen – Ihr Weg")
    page.locator("#id_order").fill("10")
    page.locator("#id_kind").select_option("single")
    page.locator("#id_text").fill(QUESTION)
    page.locator("#id_required").check()
    for index, text in enumerate(("zu Fuß", "mit Bus oder Straßenbahn", "mit dem Rad")):
        page.locator("#choices-group .add-row a").click()
        page.locator(f"#id_choices-{index}-order").fill(str(index + 1))
        page.locator(f"#id_choices-{index}-text").fill(text)
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("erfolgreich")

    # The second: only for those who come by bus or tram.
    page.goto("/admin/polls/question/add/")
    page.locator("#id_section").select_option(label="Ihr Weg zum Probierladen – Ihr Weg")
    page.locator("#id_order").fill("20")
    page.locator("#id_kind").select_option("short_text")
    page.locator("#id_text").fill(FOLLOW_UP)
    page.locator("#id_condition_question").select_option(label=QUESTION)
    page.locator("#id_condition_operator").select_option("equals")
    page.locator("#id_condition_choice").select_option(
        label=f"{QUESTION} → mit Bus oder Straßenbahn"
    )
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("erfolgreich")
    assert poll.sections.get().questions.count() == 2
    return poll


def test_a_survey_is_built_answered_by_keyboard_counted_and_exported(page, browser_log):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make setup)"
    project = ProjectFactory(title="Probierladen", slug="probierladen")
    PollPhaseFactory(project=project)
    staff = SuperuserFactory(email="umfragen@jena.example")
    resident = UserFactory(email="anna@example.org")
    found: dict = {}

    sign_in(page, staff)
    poll = build_the_survey_in_the_admin(page, project)
    base = f"/beteiligung/{project.slug}/umfragen/{poll.pk}/"

    # The resident answers with the keyboard only.
    sign_in(page, resident)
    page.goto(base)
    check_axe(page, found)
    tab_to(page, "#poll-start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Ihr Weg")
    follow_up = page.locator("fieldset.poll-question").filter(has_text=FOLLOW_UP)
    expect(follow_up).to_be_hidden()  # nothing chosen yet
    check_axe(page, found)

    tab_to(page, "input[type=radio]")
    page.keyboard.press("Space")  # zu Fuß
    expect(follow_up).to_be_hidden()
    page.keyboard.press("ArrowDown")  # mit Bus oder Straßenbahn
    expect(follow_up).to_be_visible()
    tab_to(page, f"#{follow_up.locator('input').get_attribute('id')}")
    page.keyboard.type("Linie 3")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")  # mit dem Rad: the follow-up is hidden again
    expect(follow_up).to_be_hidden()
    page.keyboard.press("ArrowUp")  # back to the bus
    expect(follow_up).to_be_visible()
    tab_to(page, "button[value=next]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Ihre Antworten prüfen")
    expect(page.locator(".poll-review__answers")).to_contain_text("mit Bus oder Straßenbahn")
    expect(page.locator(".poll-review__answers")).to_contain_text("Linie 3")
    check_axe(page, found)
    tab_to(page, "#poll-submit button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Vielen Dank")
    assert Submission.objects.filter(poll=poll, state=SubmissionState.SUBMITTED).count() == 1

    # Live results: a bar and the same numbers in a table.
    page.goto(f"{base}ergebnisse/")
    question = page.locator("section.poll-results__question").filter(has_text=QUESTION)
    expect(question.locator("progress").first).to_be_visible()
    expect(question.locator("table")).to_contain_text("mit Bus oder Straßenbahn")
    expect(question.locator("table")).to_contain_text("100")
    check_axe(page, found)

    # The staff's export opens in a spreadsheet: one row, one column per question.
    sign_in(page, staff)
    page.goto(f"{base}ergebnisse/")
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert any(QUESTION in str(name) for name in header), header
    assert any(FOLLOW_UP in str(name) for name in header), header
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert "mit Bus oder Straßenbahn" in row.values()
    assert "Linie 3" in row.values()
    assert sheet.max_row == 2

    assert found == {}, found
    browser_log.assert_clean()
