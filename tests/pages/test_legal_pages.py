"""The legal pages (Impressum, Datenschutz, Barrierefreiheit) show the texts shipped as
files (pages/content/) until an editor saves an own version in the admin; that version
wins, field by field and language by language, and going back to the shipped text brings
the file back. Seen from the outside: the pages residents read and the admin editors use."""

import html
import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from pages.models import Page
from pages.shipped import CONTENT_DIR, ShippedTextError, parse, shipped_text
from tests.factories import StaffFactory, SuperuserFactory

ROOT = Path(__file__).resolve().parents[2]
SLUGS = ["impressum", "datenschutz", "barrierefreiheit"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
CHANGELIST = "/admin/pages/page/"


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


@pytest.fixture
def editor(client):
    client.force_login(SuperuserFactory())
    return client


def edit(client, slug: str, **changes) -> None:
    """Open the page's change form in the admin, change fields, save (as a browser would:
    every field as shown, with CRLF line endings)."""
    page = Page.objects.get(slug=slug)
    form = client.get(f"{CHANGELIST}{page.pk}/change/").context["adminform"].form
    data = {
        name: form[name].value() or "" for name in ("title_de", "body_de", "title_en", "body_en")
    }
    data.update(changes)
    data = {name: value.replace("\n", "\r\n") for name, value in data.items()}
    response = client.post(f"{CHANGELIST}{page.pk}/change/", {**data, "_save": "Sichern"})
    assert response.status_code == 302, response.content.decode()[:2000]


# --- the shipped files -----------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_ships_a_text_in_every_language(slug, language):
    path = CONTENT_DIR / f"{slug}.{language}.txt"
    assert path.is_file(), f"{path} is missing"
    text = shipped_text(slug, language)
    assert text.language == language and text.title and text.body


def test_nothing_but_the_legal_and_the_easy_language_pages_lies_in_the_content_folder():
    expected = {f"{slug}.{language}.txt" for slug in SLUGS for language in LANGUAGES}
    # Leichte Sprache is German only (tests/pages/test_easy_language.py).
    expected |= {f"{slug}.de.txt" for slug in Page.Kind.values if slug not in SLUGS}
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


# --- what an editor does in the admin, and what residents see then -------------------------


@pytest.mark.django_db
def test_the_admin_lists_every_page_and_says_each_shows_the_shipped_text(editor):
    response = editor.get(CHANGELIST)

    assert response.status_code == 200
    listing = html.unescape(response.content.decode())
    for slug in SLUGS:
        assert shipped_text(slug, "de").title in listing
    # The legal pages and the pages in Leichte Sprache (tests/pages/test_easy_language.py).
    assert listing.count("Mitgelieferter Text (Stand:") == len(Page.Kind.values)
    assert "Eigene Fassung:" not in listing


@pytest.mark.django_db
def test_the_change_form_starts_with_the_text_the_page_has(editor):
    page = Page.objects.get(slug="barrierefreiheit")

    form = editor.get(f"{CHANGELIST}{page.pk}/change/").context["adminform"].form

    assert form["body_de"].value() == shipped_text("barrierefreiheit", "de").body
    assert form["title_en"].value() == shipped_text("barrierefreiheit", "en").title


@pytest.mark.django_db
def test_the_change_form_shows_the_shipped_text_for_comparison(editor):
    Page.objects.filter(slug="impressum").update(body_de="Eigener Text.")
    page = Page.objects.get(slug="impressum")

    response = editor.get(f"{CHANGELIST}{page.pk}/change/").content.decode()

    assert "<p>Stadtverwaltung Jena<br>Am Anger 15<br>07743 Jena</p>" in response
    assert "Eigene Fassung: Text (Deutsch)" in html.unescape(response)


@pytest.mark.django_db
def test_saving_the_form_unchanged_stores_no_text(editor):
    edit(editor, "datenschutz")

    page = Page.objects.get(slug="datenschutz")
    assert page.overridden_fields() == []


@pytest.mark.django_db
def test_an_editors_version_wins_in_its_language_only(editor, client):
    edit(editor, "impressum", body_de="Anbieterin ist die Stadt Jena.\n\nAm Anger 15")

    german, english = shown(client, "impressum", "de"), shown(client, "impressum", "en")
    assert german["body"] == "<p>Anbieterin ist die Stadt Jena.</p>\n\n<p>Am Anger 15</p>"
    assert german["title"] == shipped_text("impressum", "de").title
    assert german["changed"] == date_in("de", timezone.localdate())
    assert english["text"] == words(shipped_text("impressum", "en").body)
    assert english["changed"] == date_in("en", shipped_text("impressum", "en").updated)
    # Only what the editor changed is stored.
    page = Page.objects.get(slug="impressum")
    assert page.overridden_fields() == ["body_de"]
    assert page.body_de == "Anbieterin ist die Stadt Jena.\n\nAm Anger 15"


@pytest.mark.django_db
def test_an_english_title_of_the_editor_shows_on_the_english_page(editor, client):
    edit(editor, "datenschutz", title_en="Data protection")

    response = client.get(url("datenschutz", "en")).content.decode()
    assert re.search(r"<h1[^>]*>Data protection</h1>", response)
    assert re.search(r"<title>Data protection – ", response)
    assert shown(client, "datenschutz", "de")["title"] == shipped_text("datenschutz", "de").title


@pytest.mark.django_db
def test_the_admin_list_names_what_an_editor_changed(editor):
    edit(editor, "barrierefreiheit", body_de="Eigener Text.", title_en="Accessibility")

    listing = html.unescape(editor.get(CHANGELIST).content.decode())

    assert "Eigene Fassung: Text (Deutsch), Titel (Englisch)" in listing
    assert listing.count("Mitgelieferter Text (Stand:") == len(Page.Kind.values) - 1


@pytest.mark.django_db
def test_the_admin_list_warns_when_the_shipped_text_is_newer_than_the_editors(editor):
    edit(editor, "impressum", body_de="Eigener Text.")
    Page.objects.filter(slug="impressum").update(
        updated_at=timezone.make_aware(timezone.datetime(2026, 1, 2, 12))
    )

    listing = html.unescape(editor.get(CHANGELIST).content.decode())

    assert "der mitgelieferte Text ist neuer" in listing


@pytest.mark.django_db
def test_emptying_a_field_goes_back_to_the_shipped_text_for_that_field(editor, client):
    edit(editor, "impressum", body_de="Eigener Text.", body_en="Own text.")

    edit(editor, "impressum", body_de="")

    assert shown(client, "impressum")["text"] == words(shipped_text("impressum", "de").body)
    assert shown(client, "impressum", "en")["text"] == "Own text."


@pytest.mark.django_db
def test_the_list_action_brings_the_shipped_texts_back(editor, client):
    edit(editor, "impressum", body_de="Eigener Text.")
    edit(editor, "datenschutz", title_en="Data protection")

    response = editor.post(
        CHANGELIST,
        {
            "action": "reset_to_shipped",
            "_selected_action": list(Page.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )

    assert "2 Seiten zeigen wieder den mitgelieferten Text." in html.unescape(
        response.content.decode()
    )
    assert not any(page.is_overridden for page in Page.objects.all())
    assert shown(client, "impressum")["text"] == words(shipped_text("impressum", "de").body)
    assert shown(client, "datenschutz", "en")["title"] == shipped_text("datenschutz", "en").title


@pytest.mark.django_db
def test_the_button_on_the_page_brings_the_shipped_text_back(editor, client):
    edit(editor, "barrierefreiheit", body_de="Eigener Text.")
    page = Page.objects.get(slug="barrierefreiheit")
    change = f"{CHANGELIST}{page.pk}/change/"
    assert "_reset_to_shipped" in editor.get(change).content.decode()

    response = editor.post(change, {"_reset_to_shipped": "1"}, follow=True)

    assert "zeigt wieder den mitgelieferten Text" in html.unescape(response.content.decode())
    assert "_reset_to_shipped" not in response.content.decode()  # nothing left to reset
    body = words(shipped_text("barrierefreiheit", "de").body)
    assert shown(client, "barrierefreiheit")["text"] == body


@pytest.mark.django_db
def test_staff_without_the_right_to_change_pages_cannot_reset_them(client):
    Page.objects.filter(slug="impressum").update(body_de="Eigener Text.")
    page = Page.objects.get(slug="impressum")
    client.force_login(StaffFactory())

    response = client.post(f"{CHANGELIST}{page.pk}/change/", {"_reset_to_shipped": "1"})

    assert response.status_code == 403
    assert Page.objects.get(slug="impressum").body_de == "Eigener Text."


@pytest.mark.django_db
def test_pages_cannot_be_added_or_deleted_in_the_admin(editor):
    page = Page.objects.get(slug="impressum")
    assert editor.get(f"{CHANGELIST}add/").status_code == 403
    assert editor.get(f"{CHANGELIST}{page.pk}/delete/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_admin_lists_every_page_again():
    """Browser and concurrency tests flush the database; the pages' admin entries come
    back with it, as content types do."""
    call_command("flush", interactive=False, verbosity=0)

    assert sorted(Page.objects.values_list("slug", flat=True)) == sorted(Page.Kind.values)
    assert not any(page.is_overridden for page in Page.objects.all())
