from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The group of the accessibility officers: staff put in it read and answer the reports.
OFFICER_GROUP_NAME = "Beauftragte für Barrierefreiheit"
OFFICER_PERMISSIONS = ("view_barrierreport", "change_barrierreport", "handle_barrierreport")


def _ensure_officer_group(sender, using, **kwargs) -> None:
    """After ``migrate`` (and ``flush``): the officers' group with its permissions, so that
    an administrator only has to add people to it."""
    from django.contrib.auth.models import Group, Permission

    permissions = Permission.objects.using(using).filter(
        content_type__app_label="barriers", codename__in=OFFICER_PERMISSIONS
    )
    if permissions.count() != len(OFFICER_PERMISSIONS):
        return  # the content types are created by an earlier receiver of the same signal
    group, _created = Group.objects.using(using).get_or_create(name=OFFICER_GROUP_NAME)
    group.permissions.add(*permissions)


class BarriersConfig(AppConfig):
    name = "barriers"
    label = "barriers"
    verbose_name = _("Barrieren melden")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_ensure_officer_group, sender=self)
