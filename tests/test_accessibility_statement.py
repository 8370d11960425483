"""The accessibility statement (/barrierefreiheit/, a pages.Page row from data migrations)
says, in German and in English: how far the portal conforms (BITV 2.0 / WCAG 2.1 AA), how
it was tested, the date, what is known not to be accessible, how to give feedback (the
configured contact address), and where to turn in Thuringia if feedback is not answered.
A text an editor has changed is never overwritten by the migration."""

import html
import importlib

import pytest
from django.apps import apps

from pages.models import Page
from tests.conftest import restore_legal_pages

FIRST = importlib.import_module("pages.migrations.0002_default_pages")
TESTED = importlib.import_module("pages.migrations.0004_accessibility_statement_tested")

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


@pytest.fixture
def statement(legal_pages):
    """The page as the migrations leave it (put back if a flush removed it)."""
    return Page.objects.get(slug="barrierefreiheit")


@pytest.mark.django_db
def test_the_pages_put_back_after_a_flush_are_those_the_migrations_made():
    """Browser tests flush the database and get the pages back from ``legal_pages``:
    the same rows, with the texts of the latest data migration, not the first."""
    migrated = list(Page.objects.order_by("slug").values())
    assert {row["slug"] for row in migrated} >= {"impressum", "datenschutz", "barrierefreiheit"}
    Page.objects.all().delete()

    restore_legal_pages()

    restored = list(Page.objects.order_by("slug").values())
    ignore = {"id", "created_at", "updated_at", "modified_at"}
    assert [{k: v for k, v in row.items() if k not in ignore} for row in restored] == [
        {k: v for k, v in row.items() if k not in ignore} for row in migrated
    ]


@pytest.mark.parametrize("language", ["de", "en"])
def test_statement_has_status_method_date_limitations_feedback_and_enforcement(
    client, settings, statement, language
):
    settings.CONTACT_EMAIL = "barrierefreiheit@jena.example"
    prefix = "/en" if language == "en" else ""

    response = client.get(f"{prefix}/barrierefreiheit/")

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert f'<html lang="{language}"' in page
    missing = {
        part: [phrase for phrase in phrases if phrase not in page]
        for part, phrases in PARTS[language].items()
    }
    assert {part: phrases for part, phrases in missing.items() if phrases} == {}
    assert 'href="mailto:barrierefreiheit@jena.example' in page


def test_the_statement_does_not_invent_contact_details_for_the_state_commissioner(statement):
    """The Thuringian body is named; no street address or phone number is made up."""
    for text in (statement.body_de, statement.body_en):
        enforcement = text.split("Durchsetzungsverfahren:")[-1].split("Enforcement procedure:")[-1]
        assert "Thüringen" in enforcement
        assert not any(character.isdigit() for character in enforcement)


@pytest.mark.django_db
def test_an_edited_statement_is_kept_and_only_the_default_language_is_replaced():
    Page.objects.filter(slug="barrierefreiheit").delete()
    FIRST.create_pages(apps, None)
    Page.objects.filter(slug="barrierefreiheit").update(body_de="Unser eigener Text.")

    TESTED.update(apps, None)

    page = Page.objects.get(slug="barrierefreiheit")
    assert page.body_de == "Unser eigener Text."
    assert page.body_en == TESTED.A11Y_EN


@pytest.mark.django_db
def test_migrating_back_restores_the_first_text_unless_edited_since():
    Page.objects.filter(slug="barrierefreiheit").delete()
    FIRST.create_pages(apps, None)
    TESTED.update(apps, None)
    Page.objects.filter(slug="barrierefreiheit").update(body_en="Edited since.")

    TESTED.revert(apps, None)

    page = Page.objects.get(slug="barrierefreiheit")
    assert page.body_de == FIRST.A11Y_DE
    assert page.body_en == "Edited since."


def test_the_statement_no_longer_lists_the_informal_address_as_a_gap(statement):
    """The account pages address people formally now (tests/test_formal_german.py)."""
    assert "„du“" not in statement.body_de
    assert "informally" not in statement.body_en
    assert "django-allauth" in statement.body_de and "django-allauth" in statement.body_en


def test_the_statement_says_reports_come_in_both_languages(statement):
    """tests/reports/test_report_languages.py; older reports stay German only."""
    assert "auf Deutsch und auf Englisch, jeweils als Webseite" in statement.body_de
    assert "in German and in English, each as a web page" in statement.body_en
    assert "vor dem 26. November 2026 erzeugt" in statement.body_de
