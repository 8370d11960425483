"""The accessibility statement (/barrierefreiheit/, shipped as pages/content/
barrierefreiheit.<language>.txt) says, in German and in English: how far the portal conforms
(BITV 2.0 / WCAG 2.1 AA), how it was tested, the date, what is known not to be accessible,
how to give feedback (the configured contact address), and where to turn in Thuringia if
feedback is not answered. How an editor's version replaces it: tests/pages/."""

import html
import re

import pytest

PARTS = {
    "de": {
        "conformance": ["BITV 2.0", "WCAG 2.1 (Stufe AA)", "teilweise vereinbar"],
        "method": [
            "axe-core",
            "auf Deutsch und auf Englisch",
            "Mitglieder des Stadtrats und Beschäftigte der Stadt",
            "0 Verstöße",
            "Bedienung nur mit der Tastatur",
            "eine Idee ohne die Karte einreichen",
            "eine Idee unterstützen",
            "kommentieren",
            "Sichtbarer Fokus",
            "Liste neben der Karte",
            "Content-Security-Policy",
            "bei jeder Änderung",
        ],
        "date": ["am 26. November 2026 erstellt"],
        "limitations": [
            "Nicht barrierefreie Inhalte:",
            "Kacheln der Karten",
            "PDF/UA-1",
            "nur auf Deutsch",
            "django-allauth",
        ],
        "feedback": ["Feedback und Kontakt", "Stadtverwaltung Jena", "Am Anger 15"],
        "enforcement": [
            "Durchsetzungsverfahren:",
            "keine zufriedenstellende Antwort",
            "Landesbeauftragten für Menschen mit Behinderungen des Freistaats Thüringen",
        ],
    },
    "en": {
        "conformance": ["BITV 2.0", "WCAG 2.1 (level AA)", "partially compliant"],
        "method": [
            "axe-core",
            "in German and in English",
            "members of the city council and by city staff",
            "0 violations",
            "Keyboard-only use",
            "proposing an idea without the map",
            "supporting an idea",
            "commenting",
            "Visible focus",
            "list beside the map",
            "Content Security Policy",
            "with every change",
        ],
        "date": ["prepared on 26 November 2026"],
        "limitations": [
            "Content that is not accessible:",
            "map tiles",
            "PDF/UA-1",
            "only in German",
            "django-allauth",
        ],
        "feedback": ["Feedback and contact", "Stadtverwaltung Jena", "Am Anger 15"],
        "enforcement": [
            "Enforcement procedure:",
            "no satisfactory answer",
            "Landesbeauftragter für Menschen mit Behinderungen des Freistaats Thüringen",
        ],
    },
}


def statement_page(client, language: str) -> str:
    prefix = "/en" if language == "en" else ""
    response = client.get(f"{prefix}/barrierefreiheit/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def statement_text(client, language: str) -> str:
    """The statement's own text on the page (without the frame and the feedback box)."""
    match = re.search(
        r'<div class="kern-body"[^>]*>(.*?)</div>', statement_page(client, language), re.S
    )
    assert match, "the statement's text is missing"
    return re.sub(r"<[^>]+>", " ", match.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_statement_has_status_method_date_limitations_feedback_and_enforcement(
    client, settings, language
):
    settings.CONTACT_EMAIL = "barrierefreiheit@jena.example"

    page = statement_page(client, language)

    assert f'<html lang="{language}"' in page
    missing = {
        part: [phrase for phrase in phrases if phrase not in page]
        for part, phrases in PARTS[language].items()
    }
    assert {part: phrases for part, phrases in missing.items() if phrases} == {}
    assert 'href="mailto:barrierefreiheit@jena.example' in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_statement_does_not_invent_contact_details_for_the_state_commissioner(client, language):
    """The Thuringian body is named; no street address or phone number is made up."""
    text = statement_text(client, language)
    enforcement = text.split("Durchsetzungsverfahren:")[-1].split("Enforcement procedure:")[-1]
    assert enforcement != text
    assert "Thüringen" in enforcement
    assert not any(character.isdigit() for character in enforcement)


@pytest.mark.django_db
def test_the_statement_no_longer_lists_the_informal_address_as_a_gap(client):
    """The account pages address people formally now (tests/test_formal_german.py)."""
    german, english = statement_text(client, "de"), statement_text(client, "en")
    assert "„du“" not in german
    assert "informally" not in english
    assert "django-allauth" in german and "django-allauth" in english


@pytest.mark.django_db
def test_the_statement_says_reports_come_in_both_languages(client):
    """tests/reports/test_report_languages.py; older reports stay German only."""
    german, english = statement_text(client, "de"), statement_text(client, "en")
    assert "auf Deutsch und auf Englisch, jeweils als Webseite" in german
    assert "in German and in English, each as a web page" in english
    assert "vor dem 26. November 2026 erzeugt" in german


# --- The feedback mechanism, the enforcement body, the review date (issue 16) ----------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_statement_links_the_barrier_form_and_names_the_easy_language_and_sign_pages(
    client, language
):
    page = statement_page(client, language)
    prefix = "/en" if language == "en" else ""
    assert f'href="{prefix}/barriere-melden/?seite={prefix}/barrierefreiheit/"' in page
    assert "/leichte-sprache/" in page and "/gebaerdensprache/" in page
    text = statement_text(client, language)
    if language == "de":
        assert "Formular „Barriere melden“" in text
        assert "Leichte Sprache:" in text and "Deutsche Gebärdensprache:" in text
        assert "Englisch:" in text
    else:
        assert "“Report a barrier”" in text
        assert "Easy Language" in text and "German Sign Language" in text


@pytest.mark.django_db
def test_the_statement_names_the_configured_enforcement_body(client, settings):
    settings.ACCESSIBILITY_ENFORCEMENT_BODY = {
        "name": "Landesdurchsetzungsstelle Thüringen (Test)",
        "address": "Musterstraße 1; 99999 Erfurt",
        "email": "durchsetzung@thueringen.example",
        "url": "https://durchsetzung.thueringen.example/",
    }
    page = statement_page(client, "de")
    assert "Landesdurchsetzungsstelle Thüringen (Test)" in page
    assert "Musterstraße 1<br>99999 Erfurt" in page
    assert 'href="mailto:durchsetzung@thueringen.example"' in page
    assert 'href="https://durchsetzung.thueringen.example/"' in page


@pytest.mark.django_db
def test_by_default_the_enforcement_body_is_thuringias_without_an_invented_address(client):
    page = statement_page(client, "de")
    section = page.split('id="enforcement-heading"')[1].split("</section>")[0]
    assert "Landesdurchsetzungsstelle für digitale Barrierefreiheit beim Beauftragten" in section
    assert (
        'href="https://tlmb-thueringen.de/themen/barrierefreiheit/landesdurchsetzungsstelle"'
        in (section)
    )
    assert "mailto:" not in section
    assert not any(
        character.isdigit() for character in section.split("<address")[1].split("href")[0]
    )


@pytest.mark.django_db
def test_the_statement_shows_the_answer_time(client, settings):
    settings.BARRIER_FEEDBACK_ANSWER_DAYS = 21
    assert "Wir antworten Ihnen innerhalb von 21 Tagen." in statement_page(client, "de")


@pytest.mark.django_db
def test_the_review_date_is_the_shipped_texts_until_an_editor_enters_one(client, legal_pages):
    import datetime

    from pages.models import Page
    from pages.shipped import shipped_text

    shipped = shipped_text("barrierefreiheit", "de").updated
    assert f"Diese Erklärung wurde zuletzt am {shipped.day}. " in statement_page(client, "de")

    from tests.factories import SuperuserFactory

    editor = SuperuserFactory()
    client.force_login(editor)
    page = Page.objects.get(slug="barrierefreiheit")
    form = client.get(f"/admin/pages/page/{page.pk}/change/").context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["reviewed_on"] = "2027-01-15"
    response = client.post(f"/admin/pages/page/{page.pk}/change/", data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.reviewed_on == datetime.date(2027, 1, 15)
    assert page.overridden_fields() == []  # the texts still follow the shipped files
    client.logout()
    assert "Diese Erklärung wurde zuletzt am 15. Januar 2027 überprüft." in statement_page(
        client, "de"
    )
