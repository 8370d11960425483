"""The register extract in the admin: the list of imports (who, when, how many rows),
importing a new extract from a CSV file (``verification.add_registerimport``) and
deleting the extract now (``verification.delete_registerimport``).

Staff never see the entries themselves: ``RegisterEntry`` has no admin, and an import
row only carries counts. The uploaded file is read as a stream and not stored.
"""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_history import HistoryAsChangeMixin
from verification.admin.forms import RegisterImportForm
from verification.models import RegisterEntry, RegisterImport
from verification.register_import import register_extract_delete, register_import

IMPORT_PERMISSION = "verification.add_registerimport"
DELETE_PERMISSION = "verification.delete_registerimport"


@admin.register(RegisterImport)
class RegisterImportAdmin(HistoryAsChangeMixin, admin.ModelAdmin):
    list_display = (
        "created_at", "imported_by_email", "source_name", "rows", "skipped", "moved",
        "deleted_at",
    )
    list_select_related = ("imported_by",)
    date_hierarchy = "created_at"
    fields = (
        "created_at", "imported_by_email", "source_name", "rows", "skipped", "moved",
        "deleted_at",
    )
    readonly_fields = fields

    @admin.display(description=_("importiert von"), ordering="imported_by__email")
    def imported_by_email(self, obj: RegisterImport) -> str:
        if obj.imported_by_id is None:
            return "–"
        return obj.imported_by.email

    # Rows come only from an import; no hand-made, edited or deleted rows (the extract is
    # deleted as a whole, below).
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "importieren/",
                self.admin_site.admin_view(self.import_view),
                name=f"{prefix}_import",
            ),
            path(
                "auszug-loeschen/",
                self.admin_site.admin_view(self.delete_extract_view),
                name=f"{prefix}_delete_extract",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": request.user.has_perm(IMPORT_PERMISSION),
            "can_delete_extract": request.user.has_perm(DELETE_PERMISSION),
        }
        return super().changelist_view(request, extra_context)

    def _page(self, request, template: str, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "has_view_permission": self.has_view_permission(request),
                **context,
            },
        )

    def _back(self, request) -> HttpResponseRedirect:
        if self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:verification_registerimport_changelist"))
        return HttpResponseRedirect(request.path)

    def import_view(self, request):
        """Upload a CSV extract; it replaces the previous one. A bad file (not UTF-8,
        missing columns, empty, not CSV) is a form error; nothing is changed then."""
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        bound = request.method == "POST"
        form = RegisterImportForm(request.POST if bound else None, request.FILES if bound else None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = register_import(file=upload, by=request.user, source_name=upload.name)
            except ValidationError as error:
                form.add_error(
                    "file" if not hasattr(error, "error_dict") else None, error
                )
            except UnicodeDecodeError:
                form.add_error(
                    "file",
                    gettext(
                        "Die Datei ist nicht in UTF-8 gespeichert. Bitte exportieren Sie "
                        "sie als „CSV UTF-8“ und laden Sie sie erneut hoch."
                    ),
                )
            except csv.Error:
                form.add_error("file", gettext("Die Datei ist keine lesbare CSV-Datei."))
            else:
                self.message_user(
                    request,
                    gettext(
                        "Auszug importiert: %(rows)d Einträge, %(skipped)d Zeilen "
                        "übersprungen, %(moved)d Bestätigungen beendet (verzogen)."
                    )
                    % {
                        "rows": result.rows,
                        "skipped": result.skipped + result.ambiguous,
                        "moved": result.moved,
                    },
                    messages.SUCCESS,
                )
                return self._back(request)
        return self._page(
            request,
            "admin/verification/registerimport/import.html",
            title=gettext("Melderegister-Auszug importieren"),
            form=form,
        )

    def delete_extract_view(self, request):
        """Delete the imported extract now (after asking)."""
        if not request.user.has_perm(DELETE_PERMISSION):
            raise PermissionDenied
        if request.method == "POST":
            count = register_extract_delete(by=request.user)
            self.message_user(
                request,
                gettext("Auszug gelöscht (%(count)d Einträge).") % {"count": count},
                messages.SUCCESS,
            )
            return self._back(request)
        return self._page(
            request,
            "admin/verification/registerimport/delete_extract.html",
            title=gettext("Melderegister-Auszug jetzt löschen"),
            current=RegisterImport.objects.filter(deleted_at__isnull=True).first(),
            entries=RegisterEntry.objects.count(),
        )
