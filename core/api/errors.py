"""Errors of the API: the services' exceptions as clean 4xx answers, and their shapes in
the OpenAPI schema.

The services raise the domain errors of ``core.exceptions`` (or Django's own).
``exception_handler`` (settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]) turns every one of
them into an answer with the reason, in this one place: never a 500 for a refusal.

* NotAllowed, PermissionDenied → 403 ``{"detail": message}``
* Conflict → 409 ``{"detail": message}``
* Missing, ObjectDoesNotExist → 404
* Invalid with messages per field → 400 ``{"field": [messages], …}``
  (messages for the whole input under ``non_field_errors``)
* any other Invalid (Closed, hidden content, …) or ValidationError → 400
  ``{"detail": message}``
* RateLimited → 429 with Retry-After

A refusal a person can overcome by confirming their residence (code ``resident``) adds
``"code": "resident"`` and ``"verify_url"``, the page where they do it.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import Conflict, Missing
from core.ratelimit import RateLimited


class Refused(exceptions.APIException):
    """A rule refused the action (phase closed, hidden content, …): 400 with the reason."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Das ist gerade nicht möglich.")
    default_code = "refused"


class ConflictError(exceptions.APIException):
    """The action contradicts the current state (already supported, limit reached)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Das widerspricht dem aktuellen Stand.")
    default_code = "conflict"


def messages_of(exc: Exception) -> str:
    """The message(s) of a Django exception as one line of text."""
    if isinstance(exc, DjangoValidationError):
        return " ".join(str(message) for message in exc.messages)
    return " ".join(str(arg) for arg in exc.args if arg) if exc.args else ""


def as_api_exception(exc: Exception) -> Exception:
    """The DRF exception for a Django one (anything else is returned unchanged)."""
    if isinstance(exc, RateLimited):
        return exceptions.Throttled(wait=exc.retry_after, detail=str(exc))
    if isinstance(exc, Conflict):
        return ConflictError(messages_of(exc) or None, code=exc.code or "conflict")
    if isinstance(exc, Missing):
        return exceptions.NotFound(messages_of(exc) or None, code=exc.code or "not_found")
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
            return exceptions.ValidationError(detail)
        return Refused(messages_of(exc) or None, code=getattr(exc, "code", None) or "refused")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(messages_of(exc) or None)
    if isinstance(exc, ObjectDoesNotExist):
        return exceptions.NotFound()
    return exc


def exception_handler(exc, context):
    response = drf_exception_handler(as_api_exception(exc), context)
    if (
        response is not None
        and getattr(exc, "code", None) == "resident"
        and isinstance(response.data, dict)
    ):
        request = context.get("request")
        url = reverse("verification:status")
        response.data["code"] = "resident"
        response.data["verify_url"] = request.build_absolute_uri(url) if request else url
    return response


# --- The shapes, for the OpenAPI schema ---------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("Warum die Anfrage nicht möglich ist."))


class ValidationErrorSerializer(serializers.Serializer):
    # Field names come on top of these two: ``{"title": ["…"]}``.
    detail = serializers.CharField(
        required=False, help_text=_("Warum die Aktion nicht möglich ist (Regel).")
    )
    non_field_errors = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_("Meldungen zur Eingabe als Ganzes; dazu je Feld eine Liste von Meldungen."),
    )


BAD_REQUEST = OpenApiResponse(
    ValidationErrorSerializer,
    description=_(
        "Ungültige Eingabe (je Feld eine Liste von Meldungen) oder eine Regel lässt es "
        "nicht zu (z. B. Phase geschlossen): dann der Grund in detail."
    ),
)
BAD_QUERY = OpenApiResponse(
    ValidationErrorSerializer,
    description=_("Ungültiger Filter- oder Sortierwert; die Antwort nennt Parameter und Grund."),
)
FORBIDDEN = OpenApiResponse(
    ErrorSerializer,
    description=_(
        "Nicht angemeldet, E-Mail-Adresse nicht bestätigt oder nicht berechtigt; der Grund "
        "steht in detail."
    ),
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description=_("Nicht gefunden (oder für Sie nicht sichtbar).")
)
CONFLICT = OpenApiResponse(
    ErrorSerializer, description=_("Widerspricht dem aktuellen Stand; der Grund steht in detail.")
)
THROTTLED = OpenApiResponse(
    ErrorSerializer,
    description=_("Zu viele Anfragen; Retry-After nennt die Sekunden bis zum nächsten Versuch."),
)


def write_errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error answers of a write: 400, 403 and 429, plus ``codes``."""
    known = {400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT, 429: THROTTLED}
    return {code: known[code] for code in (400, 403, 429, *codes)}
