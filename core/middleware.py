"""The domain errors (``core.exceptions``) of HTML views: what a view does not turn into
a form error itself is answered here with the site's page and the reason, never a 500.
The API has its own mapping (``core.api.errors``), the admin too (``core.admin``)."""

from django.http import HttpResponse
from django.template.loader import render_to_string

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
