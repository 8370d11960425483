"""Letters with codes in the admin: a read-only list (dates, state, tries, district —
never a code, a code hash or an address) and the page "Briefe drucken (PDF)" for staff
with ``verification.print_lettercode``, which exports the letters waiting for print as
one PDF through ``verification.letters.letters_print``."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import refusal_message
from core.admin_history import HistoryAsChangeMixin
from verification import letters
from verification.models import LetterCode


class LetterStateFilter(admin.SimpleListFilter):
    title = _("Stand")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            (LetterCode.State.REQUESTED, LetterCode.State.REQUESTED.label),
            (LetterCode.State.SENT, _("verschickt, noch nicht eingelöst")),
            (LetterCode.State.USED, LetterCode.State.USED.label),
            (LetterCode.State.VOID, LetterCode.State.VOID.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == LetterCode.State.REQUESTED:
            return queryset.to_print()
        if value == LetterCode.State.SENT:
            return queryset.open().filter(printed_at__isnull=False)
        if value == LetterCode.State.USED:
            return queryset.filter(used_at__isnull=False)
        if value == LetterCode.State.VOID:
            return queryset.filter(voided_at__isnull=False)
        return queryset


@admin.register(LetterCode)
class LetterCodeAdmin(HistoryAsChangeMixin, admin.ModelAdmin):
    change_list_template = "verification/letters/admin_change_list.html"
    list_display = (
        "user",
        "state_label",
        "created_at",
        "printed_at",
        "expires_at",
        "tries",
        "used_at",
        "district",
    )
    list_filter = (LetterStateFilter, "district")
    list_select_related = ("user", "district")
    search_fields = ("user__email",)
    date_hierarchy = "created_at"
    # Never the code's hash, the register entry's hash or the address.
    fields = (
        "user",
        "state_label",
        "created_at",
        "printed_at",
        "expires_at",
        "tries",
        "used_at",
        "voided_at",
        "void_reason",
        "district",
        "birth_year",
    )
    readonly_fields = fields

    @admin.display(description=_("Stand"))
    def state_label(self, obj):
        return obj.get_state_display()

    def has_add_permission(self, request):
        return False  # residents ask for letters on their account page

    def has_change_permission(self, request, obj=None):
        return False  # the services write; the list is for looking

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "print/",
                self.admin_site.admin_view(self.print_view),
                name="{}_{}_print".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_print": request.user.has_perm(letters.PRINT_PERMISSION),
        }
        return super().changelist_view(request, extra_context)

    def print_view(self, request):
        """GET: how many letters wait; POST: their PDF (they are printed then)."""
        if not request.user.has_perm(letters.PRINT_PERMISSION):
            raise PermissionDenied
        changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        if request.method == "POST":
            try:
                batch = letters.letters_print(by=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, refusal_message(error), level=messages.ERROR)
                return redirect(request.path)
            response = HttpResponse(batch.pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{batch.filename}"'
            response["Cache-Control"] = "no-store"
            return response
        waiting = LetterCode.objects.to_print().count()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Briefe drucken (PDF)"),
            "waiting": waiting,
            "batch_max": settings.VERIFICATION_LETTER_BATCH_MAX,
            "changelist_url": changelist,
        }
        return TemplateResponse(request, "verification/letters/admin_print.html", context)
