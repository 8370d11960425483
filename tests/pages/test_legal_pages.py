"""The legal pages (Impressum, Datenschutz, Barrierefreiheit) show the texts shipped as
files (pages/content/), seen from the outside: the pages residents read."""

import html
import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.formats import date_format
from django.utils.translation import override

from pages.models import Page
from pages.shipped import CONTENT_DIR, ShippedTextError, parse, shipped_text

ROOT = Path(__file__).resolve().parents[2]
SLUGS = ["impressum", "datenschutz", "barrierefreiheit"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def load_formal_check():
    path = ROOT / "scripts" / "allauth_formal_german.py"
    spec = importlib.util.spec_from_file_location("allauth_formal_german", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def url(slug: str, language: str = "de") -> str:
    return f"/{slug}/" if language == "de" else f"/{language}/{slug}/"


def shown(client, slug: str, language: str = "de") -> dict[str, str]:
    """What a reader sees: heading, the text (tags stripped, entities decoded), the date."""
    response = client.get(url(slug, language))
    assert response.status_code == 200
    page = response.content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    body = re.search(r'<div class="kern-body"[^>]*>(.*?)</div>', page, re.S).group(1)
    changed = re.search(r'<time datetime="[^"]*">(.*?)</time>', page).group(1)
    return {
        "title": html.unescape(heading),
        "body": html.unescape(body),
        "text": " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split()),
        "changed": changed,
    }


def words(text: str) -> str:
    return " ".join(text.split())


def date_in(language: str, value) -> str:
    with override(language):
        return date_format(value)


# --- the shipped files -----------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_ships_a_text_in_every_language(slug, language):
    path = CONTENT_DIR / f"{slug}.{language}.txt"
    assert path.is_file(), f"{path} is missing"
    text = shipped_text(slug, language)
    assert text.language == language and text.title and text.body


def test_nothing_but_the_legal_pages_lies_in_the_content_folder():
    expected = {f"{slug}.{language}.txt" for slug in SLUGS for language in LANGUAGES}
    assert {path.name for path in CONTENT_DIR.glob("*.txt")} == expected


@pytest.mark.parametrize("slug", SLUGS)
def test_the_german_texts_address_the_reader_formally(slug):
    formal = load_formal_check()
    text = shipped_text(slug, "de")
    assert formal.informal_words(f"{text.title}\n{text.body}") == []


@pytest.mark.parametrize(
    "broken",
    [
        "title: Impressum\nupdated: 2026-11-26\n---\nText",
        "---\ntitle: Impressum\n---\nText",
        "---\ntitle: Impressum\nupdated: 26.11.2026\n---\nText",
        "---\ntitle: Impressum\nupdated: 2026-11-26\n---\n\n",
    ],
)
def test_a_malformed_file_is_refused_with_its_name(broken):
    with pytest.raises(ShippedTextError, match="impressum.de.txt"):
        parse(broken, slug="impressum", language="de", source="impressum.de.txt")


def test_no_migration_carries_the_texts():
    """A new database gets no prose from a migration (the texts used to be written, and
    rewritten, by data migrations)."""
    migrations = "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "pages" / "migrations").glob("*.py")
    )
    for slug in SLUGS:
        for language in LANGUAGES:
            for line in shipped_text(slug, language).body.splitlines():
                if len(line) > 30:
                    assert line not in migrations, f"{slug}.{language}: {line!r}"


# --- what a resident sees ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_without_an_editors_version_shows_the_shipped_text(client, slug, language):
    text = shipped_text(slug, language)

    page = shown(client, slug, language)

    assert page["title"] == text.title
    assert page["text"] == words(text.body)
    assert page["changed"] == date_in(language, text.updated)


@pytest.mark.django_db
def test_paragraphs_line_breaks_and_addresses_render_as_before(client):
    """Plain text as the admin's text always was: blank lines make paragraphs, line breaks
    stay, addresses become links."""
    page = shown(client, "impressum")
    assert "<p>Stadtverwaltung Jena<br>Am Anger 15<br>07743 Jena</p>" in page["body"]

    Page.objects.filter(slug="impressum").update(body_de="Schreiben Sie an info@jena.example.")
    assert 'href="mailto:info@jena.example"' in shown(client, "impressum")["body"]


@pytest.mark.django_db
def test_a_page_shows_the_shipped_text_even_without_its_admin_entry(client):
    Page.objects.all().delete()

    assert shown(client, "datenschutz")["title"] == shipped_text("datenschutz", "de").title


@pytest.mark.django_db
def test_a_page_answers_with_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.get(url("barrierefreiheit"))  # sessions, caches warmed
    with django_assert_max_num_queries(3):
        assert client.get(url("barrierefreiheit")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_admin_lists_every_page_again():
    """Browser and concurrency tests flush the database; the pages' admin entries come
    back with it, as content types do."""
    call_command("flush", interactive=False, verbosity=0)

    assert sorted(Page.objects.values_list("slug", flat=True)) == sorted(SLUGS)
    assert not any(page.is_overridden for page in Page.objects.all())
