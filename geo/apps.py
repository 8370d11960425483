from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _district_changed(**kwargs) -> None:
    from .selectors import district_cache_clear_on_commit

    district_cache_clear_on_commit()


class GeoConfig(AppConfig):
    name = "geo"
    label = "geo"
    verbose_name = _("Ortsteile")

    def ready(self) -> None:
        district = self.get_model("District")
        # The point-in-district lookup caches parsed boundaries; any change invalidates it.
        post_save.connect(_district_changed, sender=district, dispatch_uid="geo_district_saved")
        post_delete.connect(_district_changed, sender=district, dispatch_uid="geo_district_deleted")
