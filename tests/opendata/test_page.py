"""The page /offene-daten/: every dataset listed with its files, licence, publisher and
date; every download link works; the catalogue is linked; German and English."""

import pytest
from django.urls import reverse

from opendata.datasets import DATASETS, all_distributions
from tests.opendata.conftest import build_city
from tests.opendata.helpers import (
    assert_feature_collection,
    body_of,
    collect_links,
    read_csv,
    read_json,
)

pytestmark = pytest.mark.django_db

PAGE = "/offene-daten/"


def download_links(html: str) -> list[dict]:
    return [anchor for anchor in collect_links(html).anchors if "download" in anchor]


def test_the_page_lists_every_dataset_with_licence_publisher_and_date(client, city):
    response = client.get(PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    for dataset in DATASETS:
        assert f'id="{dataset.identifier}"' in html
        assert dataset.title.de in html
        assert dataset.description.de.split(":")[0] in html
    assert html.count("Datenlizenz Deutschland – Namensnennung – Version 2.0") >= len(DATASETS) - 1
    assert 'href="https://www.govdata.de/dl-de/by-2-0"' in html
    assert "Stadt Jena, Jena Smart" in html
    assert "Stadt Jena" in html
    assert "<time datetime=" in html


def test_the_district_boundaries_carry_their_own_licence(client, city):
    html = client.get(PAGE).content.decode()

    section = html.split('id="ortsteile"')[1].split("</article>")[0]
    assert "Open Database License" in section
    assert 'lang="en"' in section
    assert "OpenStreetMap" in section


def test_every_file_of_every_dataset_has_a_download_link(client, city):
    links = download_links(client.get(PAGE).content.decode())

    hrefs = {link["href"] for link in links}
    expected = {reverse(f"opendata:{dist.url_name}") for _ds, dist in all_distributions()}
    assert hrefs == expected
    assert all(link.get("hreflang") == "de" and link.get("type") for link in links)


def test_every_download_link_answers_with_a_file_that_parses(client, city):
    links = download_links(client.get(PAGE).content.decode())
    assert len(links) == len(all_distributions())

    for link in links:
        response = client.get(link["href"])
        assert response.status_code == 200, link["href"]
        content_type = response["Content-Type"]
        assert content_type == link["type"] or content_type.startswith(link["type"] + ";")
        assert response["Content-Disposition"] == (f'attachment; filename="{link["download"]}"')
        content = body_of(response)
        if link["type"] == "text/csv":
            assert content_type == "text/csv; charset=utf-8; header=present"
            rows = read_csv(content)
            assert rows, f"{link['href']} has no rows"
        elif link["type"] == "application/json":
            assert isinstance(read_json(content), dict)
        else:
            assert link["type"] == "application/geo+json"
            assert_feature_collection(read_json(content))


def test_the_page_links_the_catalogue_in_head_and_body(client, city):
    collected = collect_links(client.get(PAGE).content.decode())

    alternates = {
        link["type"]: link["href"] for link in collected.links if link.get("rel") == "alternate"
    }
    assert alternates == {
        "text/turtle": "/offene-daten/katalog.ttl",
        "application/rdf+xml": "/offene-daten/katalog.rdf",
        "application/ld+json": "/offene-daten/katalog.jsonld",
    }
    body_links = {anchor["href"] for anchor in collected.anchors}
    assert set(alternates.values()) <= body_links


def test_the_footer_links_the_page(client, db):
    html = client.get("/").content.decode()

    assert f'href="{PAGE}"' in html
    assert "Offene Daten" in html


def test_the_page_works_without_any_data(client, db):
    response = client.get(PAGE)

    assert response.status_code == 200
    assert "noch keine Daten" in response.content.decode()


def test_the_english_page_keeps_german_content_marked_as_german(client, city):
    response = client.get("/en" + PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    collected = collect_links(html)
    assert collected.html_lang == "en"
    for dataset in DATASETS:
        assert dataset.title.en in html
    # the files are the same in both languages: the page links their German addresses
    hrefs = {link["href"] for link in download_links(html)}
    assert all(not href.startswith("/en/") for href in hrefs)
    assert all(link["hreflang"] == "de" for link in download_links(html))
    licence_link = next(
        a for a in collected.anchors if a.get("href") == "https://www.govdata.de/dl-de/by-2-0"
    )
    assert licence_link["lang"] == "de"


def test_the_english_addresses_of_the_files_serve_the_same_bytes(client, city):
    for _dataset, dist in all_distributions():
        german = body_of(client.get(f"{PAGE}{dist.filename}"))
        english = body_of(client.get(f"/en{PAGE}{dist.filename}"))
        if dist.filename == "massnahmen.json":
            german, english = (b.split(b'"generated_at"')[0] for b in (german, english))
        assert german == english, dist.filename


def test_only_get_and_head(client, db):
    assert client.post(PAGE).status_code == 405
    assert client.post(f"{PAGE}massnahmen.csv").status_code == 405
    assert client.head(f"{PAGE}katalog.ttl").status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_the_page_runs_a_constant_number_of_queries(
    client, db, size, django_assert_max_num_queries
):
    build_city(size)

    with django_assert_max_num_queries(14):  # + the Bürgerbudget and poll results' dates
        response = client.get(PAGE)
    assert response.status_code == 200
