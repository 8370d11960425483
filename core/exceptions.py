"""The site's domain errors: what a service raises when a rule refuses an action.

Each carries a message a resident understands. They are turned into answers in one
place per entry point:

* the API: ``core.api.errors.exception_handler`` (DRF's EXCEPTION_HANDLER);
* HTML views: forms show ``Invalid`` beside the fields; anything a view does not catch
  is answered by ``core.middleware.DomainErrorMiddleware`` with the error page and the
  reason;
* the admin: ``core.admin.DomainErrorsAdminMixin`` shows the reason as a message.

=============  =====================================  ==========  =====
exception      meaning                                 API         HTML
=============  =====================================  ==========  =====
NotAllowed     not this person (sign in, verify,      403         403
               not the author, not a moderator)
Invalid        the input breaks a rule (per field)    400         400
Closed         not at this time (phase closed)        400         400
Conflict       contradicts the current state          409         409
Missing        there is nothing to act on             404         404
=============  =====================================  ==========  =====
"""

from django.core.exceptions import PermissionDenied, ValidationError


class Invalid(ValidationError):
    """The input (or the object's state) breaks a rule. Messages may be keyed by field:
    ``Invalid({"title": ["…"]})``."""


class Closed(Invalid):
    """Not possible at this time: the phase does not allow it, comments are closed."""


class Conflict(Invalid):
    """The action contradicts the current state: already supported, votes used up."""


class Missing(Invalid):
    """There is nothing to act on (no vote to withdraw)."""


class NotAllowed(PermissionDenied):
    """The person may not do this: not signed in, e-mail address not verified, not the
    author, not a moderator of this project."""

    def __init__(self, message: str = "", code: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code


def as_invalid(error: ValidationError) -> Invalid:
    """A Django ValidationError (from ``full_clean``, a validator) as ``Invalid``, with
    the same messages, per field where it had fields."""
    if isinstance(error, Invalid):
        return error
    if hasattr(error, "error_dict"):
        return Invalid(error.error_dict)
    return Invalid(error.error_list)


def full_clean(instance, **kwargs):
    """``instance.full_clean(**kwargs)``, refusing with ``Invalid``; returns ``instance``."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        raise as_invalid(error) from None
    return instance
