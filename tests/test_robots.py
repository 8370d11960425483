"""Search engines: robots.txt keeps crawlers out of the admin and the account pages, and
those pages say ``X-Robots-Tag: noindex`` (a link from elsewhere would otherwise still
put them into an index). The public pages and the API documentation stay open."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_robots_txt_disallows_the_admin_and_the_account_pages_in_every_language(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/konto/", "/accounts/", "/en/admin/", "/en/konto/", "/en/accounts/"):
        assert f"Disallow: {path}" in lines, path
    assert not any("/api/" in line for line in lines)  # the API docs may be read
    assert "Allow: /" in lines


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/accounts/login/", "/en/accounts/login/", "/konto/profil/"]
)
def test_admin_and_account_pages_ask_not_to_be_indexed(client, path):
    assert client.get(path)["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("path", ["/", "/strategie/", "/beteiligung/", "/api/docs/"])
def test_public_pages_may_be_indexed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "X-Robots-Tag" not in response


def test_robots_txt_is_reachable_by_name():
    assert reverse("robots-txt") == "/robots.txt"
