from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _district_changed(**kwargs) -> None:
    from .selectors import district_cache_clear_on_commit

    district_cache_clear_on_commit()


DISTRICTS = "districts"


class GeoConfig(AppConfig):
    name = "geo"
    label = "geo"
    verbose_name = _("Ortsteile")

    def ready(self) -> None:
        from .api.serializers import API_NAMESPACE

        district = self.get_model("District")
        # The point-in-district lookup caches parsed boundaries; any change invalidates it.
        post_save.connect(_district_changed, sender=district, dispatch_uid="geo_district_saved")
        post_delete.connect(_district_changed, sender=district, dispatch_uid="geo_district_deleted")

        # The districts' pages in the page cache (core.pagecache): the API and the
        # boundaries' GeoJSON, invalidated by any change of a district.
        from core import pagecache

        for kind in ("list", "detail"):
            pagecache.cache_for_anonymous(
                f"{API_NAMESPACE}:district-{kind}", tags=[DISTRICTS], vary_on_accept=True
            )
        pagecache.invalidate_on_change(
            [district], lambda instance: (DISTRICTS,), uid="pagecache.geo"
        )
