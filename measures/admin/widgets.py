"""Widgets of the strategy's admin (also used by the projects' admin)."""

from leaflet.admin import LeafletAdminWidget


class LocationWidget(LeafletAdminWidget):
    """The map widget for an optional location. An empty GeoJSON field renders as the
    string "null", which GEOS cannot parse (an error in the log on every page view)."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, None if value == "null" else value, attrs)
