"""Middleware of the site: the domain errors (``core.exceptions``) of HTML views — what a
view does not turn into a form error itself is answered here with the site's page and
the reason, never a 500 (the API has its own mapping, ``core.api.errors``, the admin too,
``core.admin``) — and input the database cannot store."""

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.exceptions import Conflict, Invalid, Missing, NotAllowed

STATUS = ((NotAllowed, 403), (Conflict, 409), (Missing, 404), (Invalid, 400))


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        for kind, status in STATUS:
            if isinstance(exception, kind):
                return refused_page(request, exception, status=status)
        return None


def refused_page(request, error: Exception, *, status: int) -> HttpResponse:
    """The page that says why an action is not possible (and offers to sign in or to
    confirm the e-mail address when that is the obstacle)."""
    if isinstance(error, Invalid):
        message = " ".join(error.messages)
    else:
        message = str(error)
    context = {"message": message, "code": getattr(error, "code", None) or ""}
    return HttpResponse(render_to_string("refused.html", context, request=request), status=status)


# --- input the database cannot store ---------------------------------------------------------

# PostgreSQL refuses the NUL character in text; nobody types it on purpose.
UNSTORABLE = "\x00"


def unstorable_parameters(request) -> list[str]:
    """The names of the query parameters and form fields holding a NUL character."""
    names = []
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    for data in sources:
        for name, values in data.lists():
            if UNSTORABLE in name or any(UNSTORABLE in value for value in values):
                names.append(name.replace(UNSTORABLE, "\\0"))
    return names


class UnstorableInputMiddleware:
    """A query parameter or form field with a NUL character is answered with 400 and
    the parameter's name — on every page, list, filter and API endpoint alike — before a
    view passes it to the database (where PostgreSQL would refuse it: a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        names = unstorable_parameters(request)
        if not names:
            return self.get_response(request)
        message = _(
            "Die Eingabe enthält ein Nullzeichen (\\0), das nicht gespeichert werden kann: "
            "%(names)s."
        ) % {"names": ", ".join(sorted(set(names)))}
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponse(
            render_to_string("refused.html", {"message": message}, request=request), status=400
        )


# --- the cache is away -----------------------------------------------------------------------

ACCOUNT_PREFIXES = ("/accounts/",)


class CacheOutageMiddleware:
    """What still needs the cache when it cannot be reached answers 503 with a clear
    page (and Retry-After), never a 500: above all sign-in, sign-up and password reset,
    whose limits (against guessing passwords) live in the cache and must never be lifted
    by an outage (``core.cache``). Everything else keeps working without the cache."""

    RETRY_AFTER = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from core.cache import CACHE_ERRORS
        from core.security import strip_language

        if not isinstance(exception, CACHE_ERRORS):
            return None
        signing_in = strip_language(request.path).startswith(ACCOUNT_PREFIXES)
        if signing_in:
            message = _(
                "Anmelden, Registrieren und das Zurücksetzen des Passworts sind für kurze "
                "Zeit nicht möglich: Ein Dienst, der Ihr Konto vor dem Erraten des Passworts "
                "schützt, ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen "
                "Minuten noch einmal."
            )
        else:
            message = _(
                "Ein Dienst des Portals ist gerade nicht erreichbar. Bitte versuchen Sie es "
                "in einigen Minuten noch einmal."
            )
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(
                render_to_string("503.html", {"message": message}, request=request), status=503
            )
        response["Retry-After"] = str(self.RETRY_AFTER)
        return response
