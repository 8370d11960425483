"""The participation services' exceptions as API answers, each with its reason.

* NotAllowed (who: not signed in, e-mail not verified, not the author) → 403
* VoteLimitReached, "already supported" (code ``duplicate``) → 409
* no vote to withdraw (code ``no_vote``) → 404
* ParticipationError with messages per field → 400 ``{"field": [messages]}``
* any other ParticipationError (PhaseClosed, hidden, …) → 400 ``{"detail": message}``

The mapping of plain Django exceptions is ``core.api.errors``, also the project's
exception handler, so nothing a service raises becomes a 500.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from rest_framework.exceptions import NotFound

from core.api.errors import Conflict, as_api_exception, messages_of

from ..exceptions import ParticipationError, VoteLimitReached
from ..services.votes import DUPLICATE


@contextmanager
def participation_errors():
    try:
        yield
    except ParticipationError as exc:
        code = getattr(exc, "code", None)
        if isinstance(exc, VoteLimitReached) or code == DUPLICATE:
            raise Conflict(messages_of(exc), code=code or "conflict") from None
        if code == "no_vote":
            raise NotFound(messages_of(exc)) from None
        raise as_api_exception(exc) from None
    except DjangoPermissionDenied as exc:
        raise as_api_exception(exc) from None
