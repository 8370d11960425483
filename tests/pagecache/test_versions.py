"""Tag versions (core/pagecache.py): bumped at once and once more after the commit, so
that a reader who rendered the data just before the commit and stored it under the new
version cannot keep an outdated page."""

import pytest
from django.db import transaction

from core import pagecache

pytestmark = pytest.mark.django_db


def test_a_tag_is_bumped_at_once_and_again_after_the_commit(django_capture_on_commit_callbacks):
    before = pagecache.tag_versions(["strategy", "projects"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            pagecache.invalidate("strategy")
            pagecache.invalidate("strategy", "projects")
            at_once = pagecache.tag_versions(["strategy", "projects"])
    assert at_once["strategy"] != before["strategy"]
    assert at_once["projects"] != before["projects"]
    assert len(callbacks) == 1  # one callback for the transaction's tags

    callbacks[0]()  # the commit
    after = pagecache.tag_versions(["strategy", "projects"])
    assert after["strategy"] != at_once["strategy"]
    assert after["projects"] != at_once["projects"]


def test_a_lost_tag_never_comes_back_with_an_old_version():
    from django.core.cache import cache

    first = pagecache.tag_versions(["idea:1"])["idea:1"]
    cache.delete(f"{pagecache.TAG_KEY}idea:1")  # evicted
    assert pagecache.tag_versions(["idea:1"])["idea:1"] > first


def test_a_new_release_makes_new_keys_without_being_told(tmp_path, settings):
    # Two nodes of one release agree; a changed template (or code, translation, ...)
    # gives another fingerprint, so pages of the old release are never served.
    from core.pagecache import code_fingerprint, release

    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<h1>Strategie</h1>")
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "cache.html").write_text("not code")
    before = code_fingerprint.__wrapped__(tmp_path)
    assert code_fingerprint.__wrapped__(tmp_path) == before
    (tmp_path / "var" / "cache.html").write_text("changed, still not code")
    assert code_fingerprint.__wrapped__(tmp_path) == before
    page.write_text("<h1>Strategie 2030</h1>")
    assert code_fingerprint.__wrapped__(tmp_path) != before

    settings.PAGE_CACHE_RELEASE = ""
    assert release() == code_fingerprint(settings.BASE_DIR)
    settings.PAGE_CACHE_RELEASE = "v2026.12"
    assert release() == "v2026.12"
