"""Request parsers of the API (settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"])."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, but a body nested deeper than Python's recursion limit is a 400
    like any other unreadable JSON (DRF lets the RecursionError through: a 500), and so
    is a NUL character in any text (PostgreSQL cannot store it)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("Das JSON ist zu tief verschachtelt.")) from None
        if _holds_nul(data):
            raise ParseError(
                _("Die Eingabe enthält ein Nullzeichen (\\0), das nicht gespeichert werden kann.")
            )
        return data
