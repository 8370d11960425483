from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_page_entries(sender, using, apps=global_apps, **kwargs) -> None:
    """After ``migrate`` and ``flush`` the admin lists every legal page again, as Django
    recreates content types: the rows hold no text, so the pages show the shipped files.
    ``apps`` is the migration state (``flush`` sends none)."""
    from .services import pages_ensure_entries

    try:
        model = apps.get_model("pages", "Page")
    except LookupError:  # migrated back to before the table exists
        return
    pages_ensure_entries(using=using, model=model)


class PagesConfig(AppConfig):
    name = "pages"
    label = "pages"
    verbose_name = _("Seiten")

    def ready(self) -> None:
        post_migrate.connect(_ensure_page_entries, sender=self)

        from . import pagecache

        pagecache.connect()
