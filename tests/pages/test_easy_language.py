"""The pages in Leichte Sprache (BITV 2.0 §4): a start page with the four topics and one
page per topic, linked from every page's header and from the home page; German on every
language's page (marked lang="de"), one statement per line, editable in the admin like
the legal pages. Seen from the outside: what residents read and what editors use."""

import html
import re

import pytest

from pages.easy_language import easy_blocks
from pages.models import EasyTopic, Page, easy_page_slug
from pages.shipped import shipped_text
from tests.factories import MeasureFactory, SuperuserFactory
from tests.pages.test_legal_pages import load_formal_check

EASY_SLUGS = ["leichte-sprache", *(easy_page_slug(topic) for topic in EasyTopic.values)]
TOPIC_URLS = [f"/leichte-sprache/{topic}/" for topic in EasyTopic.values]


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def article(page: str) -> str:
    return re.search(r'<article class="easy"[^>]*>.*?</article>', page, re.S).group(0)


# --- the shipped texts -----------------------------------------------------------------


@pytest.mark.parametrize("slug", EASY_SLUGS)
def test_every_easy_language_page_ships_a_german_text_and_english_readers_get_it(slug):
    german = shipped_text(slug, "de")
    assert german.language == "de" and german.title and german.body
    assert shipped_text(slug, "en") == german


@pytest.mark.parametrize("slug", EASY_SLUGS)
def test_the_easy_language_texts_follow_the_rules_we_can_check(slug):
    text = shipped_text(slug, "de")
    formal = load_formal_check()
    assert formal.informal_words(f"{text.title}\n{text.body}") == []
    for block in (block for group in easy_blocks(text.body) for block in group):
        for line in block.items or [block.text]:
            # Short sentences: at most 2 per line (a list item may explain its word), and
            # no sentence longer than 15 words.
            sentences = [s for s in re.split(r"(?<=[.?!])\s+", line) if s]
            assert len(sentences) <= 2, line
            assert all(len(s.split()) <= 15 for s in sentences), line
            # No abbreviations readers must know; numbers as digits.
            assert not re.search(r"\b(z\. ?B\.|u\. ?a\.|bzw\.|ggf\.|usw\.|d\. ?h\.)", line), line
            assert not re.search(r"\b(zwei|drei|vier|fünf|zehn|fünfzig)\b", line, re.I), line


def test_long_words_are_split_with_the_middle_dot():
    bodies = " ".join(shipped_text(slug, "de").body for slug in EASY_SLUGS)
    assert "Internet·seite" in bodies and "Gebärden·sprache" in bodies
    assert "Internetseite" not in bodies and "Gebärdensprache" not in bodies


def test_a_text_becomes_one_paragraph_per_line_with_lists_and_headings():
    groups = easy_blocks("Satz eins.\nSatz zwei.\n\n## Titel\n- Punkt A\n- Punkt B\nEnde.")
    assert [[(b.kind, b.text, b.items) for b in group] for group in groups] == [
        [("sentence", "Satz eins.", []), ("sentence", "Satz zwei.", [])],
        [
            ("heading", "Titel", []),
            ("list", "", ["Punkt A", "Punkt B"]),
            ("sentence", "Ende.", []),
        ],
    ]


# --- what readers see ------------------------------------------------------------------


def test_the_start_page_lists_the_four_topics_with_pictograms(client, legal_pages):
    response = client.get("/leichte-sprache/")
    assert response.status_code == 200
    page = article(response.content.decode())
    assert 'lang="de"' not in page.split(">", 1)[0]
    links = re.findall(
        r'<a class="easy-topics__link" href="([^"]+)">\s*<img src="([^"]+)" alt=""', page
    )
    assert [href for href, _icon in links] == TOPIC_URLS
    assert all(
        icon.endswith(f"/img/easy/{topic}.svg")
        for (_h, icon), topic in zip(links, EasyTopic.values, strict=True)
    )
    for slug in EASY_SLUGS[1:]:
        assert html.escape(shipped_text(slug, "de").title) in page
    assert 'href="/gebaerdensprache/"' in page


@pytest.mark.parametrize("url", TOPIC_URLS)
def test_each_topic_page_shows_its_text_one_statement_per_paragraph(client, legal_pages, url):
    topic = url.strip("/").rsplit("/", 1)[-1]
    text = shipped_text(easy_page_slug(topic), "de")
    response = client.get(url)
    assert response.status_code == 200
    page = article(response.content.decode())
    assert f'<h1 class="kern-heading-x-large">{html.escape(text.title)}</h1>' in page
    sentences = [line.strip() for line in text.body.splitlines() if line.strip()]
    plain = [s for s in sentences if not s.startswith(("- ", "## "))]
    paragraphs = [text_of(p) for p in re.findall(r"<p>(.*?)</p>", page, re.S)]
    for sentence in plain:
        assert text_of(html.escape(sentence)) in paragraphs, sentence


def test_the_accessibility_topic_links_the_barrier_form_the_statement_and_the_mail(
    client, legal_pages, settings
):
    settings.CONTACT_EMAIL = "barrierefreiheit@jena.example"
    page = client.get("/leichte-sprache/barrierefreiheit/").content.decode()
    # The barrier feedback form (barriers:report) where it exists, else its address.
    assert re.search(
        r'href="(/barriere-melden/|/[^"]*barriere[^"]*)"[^>]*>\s*'
        r'<span class="kern-label">Barriere melden',
        page,
    )
    assert 'href="/barrierefreiheit/"' in page
    assert 'href="mailto:barrierefreiheit@jena.example"' in page


def test_the_topics_lead_from_one_to_the_next_and_back(client, legal_pages):
    for url, following in zip(TOPIC_URLS, [*TOPIC_URLS[1:], None], strict=True):
        page = client.get(url).content.decode()
        assert 'href="/leichte-sprache/"' in page
        if following:
            assert f'href="{following}">Zum nächsten Thema' in page
        else:
            assert "Zum nächsten Thema" not in page


def test_an_unknown_topic_is_not_found(client, legal_pages):
    assert client.get("/leichte-sprache/unbekannt/").status_code == 404


@pytest.mark.parametrize("url", ["/leichte-sprache/", *TOPIC_URLS])
def test_english_readers_get_the_german_text_marked_as_german(client, legal_pages, url):
    response = client.get(f"/en{url}")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en"' in page
    assert re.search(r'<article class="easy" lang="de">', page)
    body = article(page)
    # Inside the article everything is German, links keep the English prefix.
    assert "Zuletzt geändert" in body
    assert 'href="/en/leichte-sprache/' in body
    assert 'href="/leichte-sprache/' not in body


@pytest.mark.parametrize("url", ["/leichte-sprache/", *TOPIC_URLS])
def test_easy_language_pages_run_one_query(client, legal_pages, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200


# --- links from every page -------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/strategie/massnahmen/", "/impressum/"])
def test_every_page_links_leichte_sprache_and_sign_language_in_its_header(
    client, legal_pages, path
):
    MeasureFactory()
    response = client.get(path, follow=True)
    header = re.search(
        r'<header class="site-header">.*?</header>', response.content.decode(), re.S
    ).group(0)
    nav = re.search(r'<nav class="site-easy"[^>]*>.*?</nav>', header, re.S).group(0)
    assert re.search(
        r'href="/leichte-sprache/"[^>]*><img class="site-easy__icon" '
        r'src="[^"]+leichte-sprache.svg" alt=""[^>]*>Leichte Sprache</a>',
        nav,
    )
    assert re.search(
        r'href="/gebaerdensprache/"[^>]*><img class="site-easy__icon" '
        r'src="[^"]+gebaerdensprache.svg" alt=""[^>]*>Gebärdensprache</a>',
        nav,
    )


def test_on_english_pages_the_header_marks_leichte_sprache_as_german(client, legal_pages):
    header = client.get("/en/").content.decode()
    assert re.search(r'href="/en/leichte-sprache/" hreflang="de" lang="de"', header)
    assert 'href="/en/gebaerdensprache/"' in header


def test_the_home_page_links_both_prominently(client, legal_pages):
    page = client.get("/").content.decode()
    block = re.search(
        r'<section class="site-section site-easy-links".*?</section>', page, re.S
    ).group(0)
    assert 'href="/leichte-sprache/"' in block and 'href="/gebaerdensprache/"' in block
    assert '<h2 id="home-easy"' in block


# --- editors ---------------------------------------------------------------------------


def test_an_editor_changes_an_easy_language_page_in_german_only(client, legal_pages):
    client.force_login(SuperuserFactory())
    page = Page.objects.get(slug=easy_page_slug(EasyTopic.CONTENT))
    url = f"/admin/pages/page/{page.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert set(form.fields) == {"title_de", "body_de"}
    body = "Jena Smart ist neu.\nDas ist ein Satz.\n- Ein Punkt"
    response = client.post(url, {"title_de": "Neu", "body_de": body, "_save": "Sichern"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert (page.title_de, page.body_de, page.title_en, page.body_en) == ("Neu", body, "", "")
    shown = client.get("/leichte-sprache/inhalt/").content.decode()
    assert "<p>Das ist ein Satz.</p>" in shown and "<li>Ein Punkt</li>" in shown
    assert "<span>Neu</span>" in client.get("/leichte-sprache/").content.decode()
    english = client.get("/en/leichte-sprache/inhalt/").content.decode()
    assert "<p>Das ist ein Satz.</p>" in english


def test_the_admin_lists_the_easy_language_pages(client, legal_pages):
    client.force_login(SuperuserFactory())
    listing = client.get("/admin/pages/page/").content.decode()
    for slug in EASY_SLUGS:
        assert html.escape(str(Page.Kind(slug).label)) in listing
