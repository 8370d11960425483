"""One answer for an object the person may not see, on every admin page of it.

Django's own history page looks the object up before it checks the permission, and
simple_history's falls back to the object's past versions, so another unit's measure
answered 403 on its history page but "does not exist" (302) on its change page, and an
idea that is not one's own the other way round. With this mixin the history page answers
exactly as the change page does: 403 without access to the model at all, the admin's
"does not exist" redirect for an object outside one's own (whether it exists or not).
The permission matrix (tests/security/test_permission_matrix.py) holds every admin model
to it.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied

__all__ = ["HistoryAsChangeMixin"]


class HistoryAsChangeMixin:
    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)
