"""A service's refusal (PermissionDenied, ValidationError) as an admin error message,
never a 500; and simple_history's revert page guarded like any other change."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext


class ServiceRefused(Exception):
    """A service said no. Raised inside the admin's transaction, so everything the
    request saved so far (the object, its inlines) is rolled back."""

    def __init__(self, error: Exception):
        super().__init__(error)
        self.message = refusal_message(error)


def refusal_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            parts = []
            for field, errors in error.message_dict.items():
                text = " ".join(errors)
                parts.append(text if field == "__all__" else f"{field}: {text}")
            return " ".join(parts)
        return " ".join(error.messages)
    return str(error) or gettext("Das dürfen Sie nicht.")


class ServiceErrorsAsMessagesMixin:
    """Catch ``ServiceRefused`` around the views that write, show it as an error message
    and send the user back where they were."""

    def _refused(self, request, refused: ServiceRefused, url: str):
        self.message_user(
            request,
            gettext("Nicht gespeichert: %(reason)s") % {"reason": refused.message},
            level=messages.ERROR,
        )
        return HttpResponseRedirect(url)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            return self._refused(request, refused, request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceRefused as refused:
            return self._refused(request, refused, request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except ServiceRefused as refused:
            return self._refused(request, refused, request.get_full_path())


class GuardedHistoryMixin:
    """simple_history's "revert to this version" page saves with only the *view*
    permission checked and outside a transaction; here a revert needs the change
    permission on the object, runs atomically and goes through ``save_model`` (the
    services) like any other change."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except ServiceRefused as refused:
            return self._refused(request, refused, request.get_full_path())


def call_service(function, **kwargs):
    try:
        return function(**kwargs)
    except (PermissionDenied, ValidationError) as error:
        raise ServiceRefused(error) from error
