"""Request parsers of the API (settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"])."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, but a body nested deeper than Python's recursion limit is a 400
    like any other unreadable JSON (DRF lets the RecursionError through: a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("Das JSON ist zu tief verschachtelt.")) from None
