"""Reads the account pages share."""

from django.db.models import QuerySet

from geo.models import District


def districts_for_choice() -> QuerySet[District]:
    """Jena's Ortsteile for a choice field, by name; the boundaries (large GeoJSON) are not
    loaded, so the whole list costs one small query."""
    return District.objects.only("pk", "name").order_by("name")
