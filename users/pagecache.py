"""People's names on the cached pages (``core.pagecache``): authors of ideas and
comments are shown by their display name, so a changed name or a deleted account
invalidates every page tagged ``people``. Nothing else of an account is shown: a new
account, signing in or a new password invalidate nothing."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_init, post_save

from core import pagecache

PEOPLE = "people"
SHOWN_FIELD = "display_name"


def _remember_shown(sender, instance, **kwargs) -> None:
    instance._pagecache_shown = instance.__dict__.get(SHOWN_FIELD)


def _user_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    shown = instance.__dict__.get(SHOWN_FIELD)
    changed = shown != getattr(instance, "_pagecache_shown", shown)
    instance._pagecache_shown = shown
    if changed and not (raw or created):
        pagecache.invalidate(PEOPLE)


def _user_deleted(sender, instance, **kwargs) -> None:
    pagecache.invalidate(PEOPLE)


def connect() -> None:
    user = get_user_model()
    post_init.connect(_remember_shown, sender=user, dispatch_uid="pagecache.user_loaded")
    post_save.connect(_user_saved, sender=user, dispatch_uid="pagecache.user_saved")
    post_delete.connect(_user_deleted, sender=user, dispatch_uid="pagecache.user_deleted")
