"""A resident asks for a copy of her data from her account page and downloads it."""

import io
import json
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import check_axe, sign_in
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_a_resident_downloads_a_copy_of_her_data(page, browser_log, settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    resident = UserFactory(email="anna@example.org", display_name="Anna aus Winzerla")
    IdeaFactory(author=resident, title="Trinkbrunnen am Markt")
    found: dict = {}

    sign_in(page, resident)
    page.get_by_role("link", name="Mein Konto").click()
    page.get_by_role("link", name="Meine Daten herunterladen").click()
    check_axe(page, found)
    page.get_by_role("button", name="Kopie meiner Daten erstellen").click()  # eager task
    expect(page.get_by_text("Ihre Datenauskunft wird erstellt.")).to_be_visible()
    link = page.get_by_role("link", name="ZIP-Datei")
    expect(link).to_be_visible()
    check_axe(page, found)
    with page.expect_download() as download:
        link.click()
    data = download.value.path().read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    content = json.loads(archive.read("daten.json"))
    assert content["account"]["display_name"] == "Anna aus Winzerla"
    assert [idea["title"] for idea in content["ideas"]] == ["Trinkbrunnen am Markt"]
    assert found == {}, found
    browser_log.assert_clean()
