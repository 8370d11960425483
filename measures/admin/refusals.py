"""simple_history's revert page guarded like any other change; a service's refusal
there, as everywhere in the admin, becomes an error message (``core.admin``)."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.admin import DOMAIN_ERRORS


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
        except DOMAIN_ERRORS as error:
            return self.domain_refused(request, error)
