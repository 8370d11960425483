"""People's names on the cached pages (``core.pagecache``): authors of ideas and
comments are shown by their public name, so a changed name or a deleted account
invalidates every page tagged ``people``. Signing in (``last_login``) or a new password
changes nothing shown."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from core import pagecache

PEOPLE = "people"
NOT_SHOWN = frozenset({"last_login", "password"})


def _user_changed(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if raw or (update_fields is not None and set(update_fields) <= NOT_SHOWN):
        return
    pagecache.invalidate(PEOPLE)


def connect() -> None:
    user = get_user_model()
    post_save.connect(_user_changed, sender=user, dispatch_uid="pagecache.user_saved")
    post_delete.connect(_user_changed, sender=user, dispatch_uid="pagecache.user_deleted")
