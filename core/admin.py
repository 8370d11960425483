"""The domain errors (``core.exceptions``) in the Django admin: a service that refuses
while the admin saves, deletes or runs an action becomes an error message on the same
page, never a 500. The admin's own permission checks (plain ``PermissionDenied``) keep
answering 403.

Raised inside the admin's transaction, so everything the request saved so far (the
object, its inlines) is rolled back.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext

from core.exceptions import NotAllowed

# The domain errors, and Django's ValidationError that a helper a service calls may raise;
# the admin's own refusals (plain PermissionDenied) stay 403.
DOMAIN_ERRORS = (NotAllowed, ValidationError)


def refusal_message(error: Exception) -> str:
    """The reason in one line: per-field messages prefixed with the field's name."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            parts = []
            for field, errors in error.message_dict.items():
                text = " ".join(errors)
                parts.append(text if field == "__all__" else f"{field}: {text}")
            return " ".join(parts)
        return " ".join(error.messages)
    return str(error) or gettext("Das dürfen Sie nicht.")


class DomainErrorsAdminMixin:
    """Around the admin views that write: a refusal is shown as an error message and the
    user is sent back where they were."""

    def domain_refused(self, request, error: Exception, url: str | None = None):
        self.message_user(
            request,
            gettext("Nicht gespeichert: %(reason)s") % {"reason": refusal_message(error)},
            level=messages.ERROR,
        )
        return HttpResponseRedirect(url or request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DOMAIN_ERRORS as error:
            return self.domain_refused(request, error)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DOMAIN_ERRORS as error:
            return self.domain_refused(request, error)

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except DOMAIN_ERRORS as error:
            return self.domain_refused(request, error)
