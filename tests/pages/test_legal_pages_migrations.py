"""Migrating the pages app. The texts of the legal pages used to be written, and rewritten,
by the data migrations 0002–0006; now they ship as files and those steps are squashed into
nothing. A new database gets no text from a migration. A database that applied 0001–0006
keeps only what an editor changed and shows the same pages as before. Both run the real
``migrate`` command."""

import importlib
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from pages.models import OVERRIDE_FIELDS, Page
from pages.shipped import shipped_text

# The pages table of a database that applied 0001–0006, no editor involved: the texts
# the data migrations left (taken from such a database before they were squashed).
AFTER_0006 = json.loads(
    Path(__file__).with_name("pages_table_after_0006.json").read_text(encoding="utf-8")
)
OLD_DATA_MIGRATIONS = [
    "0002_default_pages",
    "0003_privacy_what_and_how_long",
    "0004_accessibility_statement_tested",
    "0005_accessibility_statement_formal_address",
    "0006_accessibility_statement_reports_in_english",
]
SQUASH = "0002_squashed_0006_legal_texts_as_files"


def migrate(*target: str) -> None:
    call_command("migrate", "pages", *target, interactive=False, verbosity=0)


def applied() -> set[str]:
    return {
        name for app, name in MigrationRecorder(connection).applied_migrations() if app == "pages"
    }


def page_model_at(migration: str):
    """Page as the schema is after ``migration`` (later migrations add columns that the
    current model would ask for)."""
    from django.db.migrations.executor import MigrationExecutor

    state = MigrationExecutor(connection).loader.project_state(("pages", migration))
    return state.apps.get_model("pages", "Page")


def shown_text(client, slug: str, language: str) -> str:
    prefix = "" if language == "de" else f"/{language}"
    response = client.get(f"{prefix}/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def shows(client, slug: str, language: str, title: str, body: str) -> bool:
    """Whether the page shows this title and text, rendered as the template renders it."""
    from django.template.defaultfilters import linebreaks_filter, urlize

    page = shown_text(client, slug, language)
    return f">{title}</h1>" in page and str(linebreaks_filter(urlize(body))) in page


@pytest.fixture
def migrated_to_the_end_afterwards(transactional_db):
    """The tests move the pages app back and forth; whatever happens, later tests get the
    schema of the current code."""
    yield
    migrate()


@pytest.fixture
def database_as_0006_left_it(migrated_to_the_end_afterwards):
    """A database that applied 0001–0006 before this release: the old migrations recorded
    as applied (not the squash), and the table as those migrations filled it. Returns a
    function that writes the rows, changed as an editor would have."""
    migrate("0001_initial")
    recorder = MigrationRecorder(connection)
    for name in OLD_DATA_MIGRATIONS:
        recorder.record_applied("pages", name)
    assert applied() == {"0001_initial", *OLD_DATA_MIGRATIONS}

    def fill(**edited: dict[str, str]) -> None:
        old_page = page_model_at("0001_initial")
        old_page.objects.all().delete()
        for slug, texts in AFTER_0006.items():
            old_page.objects.create(slug=slug, **{**texts, **edited.get(slug, {})})

    return fill


# Shipped texts changed on purpose since the move; they keep every line 0006 wrote.
# datenschutz: the confirmation of residence and the register extract (2026-12-07).
# barrierefreiheit: the form "Barriere melden", the enforcement body, Leichte Sprache,
# sign language and English (2026-12-07).
EXTENDED_SINCE_0006 = {"datenschutz", "barrierefreiheit"}


def test_the_shipped_files_hold_the_texts_0006_left_word_for_word():
    """The move changed no word; texts extended since keep every line 0006 wrote.
    (AFTER_0006 stays as the record of old databases.)"""
    for slug, texts in AFTER_0006.items():
        for language in ("de", "en"):
            shipped = shipped_text(slug, language)
            assert shipped.title == texts[f"title_{language}"], f"{slug}.{language}"
            if slug in EXTENDED_SINCE_0006:
                lines = shipped.body.splitlines()
                missing = [
                    line for line in texts[f"body_{language}"].splitlines() if line not in lines
                ]
                assert missing == [], f"{slug}.{language}"
            else:
                assert shipped.body == texts[f"body_{language}"], f"{slug}.{language}"


def test_a_new_database_gets_no_text_from_migrations(migrated_to_the_end_afterwards, client):
    migrate("zero")
    assert applied() == set()

    migrate()

    assert {"0001_initial", SQUASH, "0007_texts_ship_as_files"} <= applied()
    # One admin entry per page (the legal pages and those in Leichte Sprache), holding no text.
    assert sorted(Page.objects.values_list("slug", flat=True)) == sorted(Page.Kind.values)
    assert not any(page.is_overridden for page in Page.objects.all())
    for slug in AFTER_0006:
        for language in ("de", "en"):
            text = shipped_text(slug, language)
            assert shows(client, slug, language, text.title, text.body), f"{slug} {language}"


def test_a_database_as_0006_left_it_keeps_no_shipped_text(database_as_0006_left_it, client):
    database_as_0006_left_it()

    migrate()

    assert {SQUASH, "0007_texts_ship_as_files"} <= applied()
    assert {page.slug: page.overridden_fields() for page in Page.objects.all()} == {
        slug: [] for slug in Page.Kind.values
    }
    for slug in AFTER_0006:
        for language in ("de", "en"):
            text = shipped_text(slug, language)
            assert shows(client, slug, language, text.title, text.body), f"{slug} {language}"


def test_a_text_saved_unchanged_in_the_admin_is_no_editors_version(database_as_0006_left_it):
    """Browsers send CRLF from a textarea, and a trailing newline slips in easily."""
    crlf = AFTER_0006["datenschutz"]["body_en"].replace("\n", "\r\n") + "\r\n"
    database_as_0006_left_it(datenschutz={"body_en": crlf, "title_en": " Privacy policy "})

    migrate()

    assert Page.objects.get(slug="datenschutz").overridden_fields() == []


def test_what_an_editor_wrote_survives_the_migration(database_as_0006_left_it, client):
    database_as_0006_left_it(
        impressum={"body_de": "Anbieterin ist die Stadt Jena (verbindlich)."},
        barrierefreiheit={"title_de": "Barrierefreiheit von Jena Smart"},
    )
    saved_at = timezone.make_aware(timezone.datetime(2026, 11, 30, 9))
    Page.objects.filter(slug="impressum").update(updated_at=saved_at)

    migrate()

    impressum = Page.objects.get(slug="impressum")
    assert impressum.overridden_fields() == ["body_de"]
    assert impressum.updated_at == saved_at  # the date the page shows stays the editor's
    statement = Page.objects.get(slug="barrierefreiheit")
    assert statement.overridden_fields() == ["title_de"]
    assert ">Barrierefreiheit von Jena Smart</h1>" in shown_text(client, "barrierefreiheit", "de")
    assert "Anbieterin ist die Stadt Jena (verbindlich)." in shown_text(client, "impressum", "de")


def test_an_empty_english_text_keeps_showing_the_editors_german_one(
    database_as_0006_left_it, client
):
    """Before, an empty English text showed the German one; an English reader of the
    binding Impressum an editor wrote in German must not get the demo text instead."""
    database_as_0006_left_it(impressum={"body_de": "Verbindliches Impressum.", "body_en": ""})

    migrate()

    assert "Verbindliches Impressum." in shown_text(client, "impressum", "en")


def test_migrating_back_gives_the_code_before_every_text_again(
    migrated_to_the_end_afterwards, client
):
    """Rolling back a release: the code before expects all texts in the database."""
    Page.objects.filter(slug="impressum").update(body_de="Eigener Text.")

    migrate(SQUASH)

    # The pages in Leichte Sprache came later (0009); their rows stay as they were.
    for page in page_model_at(SQUASH).objects.filter(slug__in=AFTER_0006):
        for field in OVERRIDE_FIELDS:
            part, language = field.rsplit("_", 1)
            expected = getattr(shipped_text(page.slug, language), part)
            if (page.slug, field) == ("impressum", "body_de"):
                expected = "Eigener Text."
            assert getattr(page, field) == expected, (page.slug, field)

    migrate()

    assert [page.slug for page in Page.objects.all() if page.is_overridden] == ["impressum"]


def test_the_migration_recognises_every_text_0006_left():
    """Independently of the files, which may change: 0007 knows the old texts by digest."""
    forget = importlib.import_module("pages.migrations.0007_texts_ship_as_files")
    unknown = [
        (slug, field)
        for slug, texts in AFTER_0006.items()
        for field, text in texts.items()
        if forget.digest(text) not in forget.WRITTEN_BY_DATA_MIGRATIONS[(slug, field)]
    ]
    assert unknown == []
