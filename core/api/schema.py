"""The OpenAPI schema's defaults (settings.REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]).

Every operation documents the errors it can answer with, also where its view does not
say so itself: 400 for a bad filter, sort or input, 403 where a sign-in or a right is
needed, 404 for an object in the path, 429 when throttled. What a view documents itself
(``@extend_schema(responses=…)``) wins.
"""

from drf_spectacular import openapi
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny

from .errors import BAD_QUERY, BAD_REQUEST, FORBIDDEN, NOT_FOUND, THROTTLED

SAFE = ("GET", "HEAD", "OPTIONS")


class AutoSchema(openapi.AutoSchema):
    def _standard_errors(self) -> dict:
        errors = {}
        if self.method in SAFE:
            if self._is_list_view():
                errors[400] = BAD_QUERY
        else:
            errors[400] = BAD_REQUEST
            errors[403] = FORBIDDEN
        if any(not isinstance(p, AllowAny) for p in self.view.get_permissions()):
            errors[403] = FORBIDDEN
        if "{" in self.path:
            errors[404] = NOT_FOUND
        errors[429] = THROTTLED
        return errors

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, response in self._standard_errors().items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    response, str(code), direction=direction
                )
        return responses


def documented(tag: str, **operations):
    """A decorator for a viewset: its tag in the schema and the documentation of its
    operations (``list=extend_schema(...)``, ...). The apps' ``api/schema.py`` modules
    hold these, so the views hold only code."""

    def decorate(viewset):
        return extend_schema_view(**operations)(extend_schema(tags=[tag])(viewset))

    return decorate
