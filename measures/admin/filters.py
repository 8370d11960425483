"""List filters of the measure admin."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FlagFilter(admin.SimpleListFilter):
    """Yes/no on one of the ``with_flags()`` annotations."""

    flag: str = ""

    def lookups(self, request, model_admin):
        return (("yes", _("ja")), ("no", _("nein")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(**{self.flag: True})
        if self.value() == "no":
            # NULL counts as "no": the SQL of a flag can be NULL (e.g. no planned end).
            return queryset.filter(Q(**{self.flag: False}) | Q(**{f"{self.flag}__isnull": True}))
        return queryset


class DelayedFilter(FlagFilter):
    title = _("verzögert")
    parameter_name = "delayed"
    flag = "is_delayed"


class StaleFilter(FlagFilter):
    title = _("ohne aktuellen Sachstand")
    parameter_name = "stale"
    flag = "is_stale"
