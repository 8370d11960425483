"""Notification e-mails in the Django admin: what was sent to whom and how delivery
went, for the people who run the portal (superusers)."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.notifications.models import Delivery, Notification

# --- Notification e-mails: a view for the people who run the portal -------------------------


class EmailStateFilter(admin.SimpleListFilter):
    title = _("E-Mail-Zustellung")
    parameter_name = "email_state"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("ausstehend")),
            ("failed", _("fehlgeschlagen (Versuche)")),
            ("given_up", _("aufgegeben (zu viele Versuche)")),
            ("uncertain", _("ungewiss (Versand abgebrochen)")),
            ("sent", _("gesendet")),
        ]

    def queryset(self, request, queryset):
        from participation.notifications.delivery import MAX_ATTEMPTS

        open_rows = queryset.exclude(delivery=Delivery.OFF).filter(
            emailed_at__isnull=True, email_skipped=False
        )
        match self.value():
            case "pending":
                return open_rows
            case "failed":
                return open_rows.filter(email_attempts__gt=0)
            case "given_up":
                return open_rows.filter(email_attempts__gte=MAX_ATTEMPTS)
            case "uncertain":
                return queryset.filter(email_uncertain=True)
            case "sent":
                return queryset.filter(emailed_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: what was sent to whom and how delivery went. Only superusers (who
    may see all personal data anyway) get this page."""

    list_display = ("created_at", "recipient", "kind", "delivery", "emailed_at",
                    "email_attempts", "email_uncertain", "read_at")
    list_filter = (EmailStateFilter, "kind", "delivery")
    search_fields = ("recipient__email", "event_key")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("E-Mail erneut versuchen (Fehlversuche zurücksetzen)"))
    def send_again(self, request, queryset):
        """Rows that failed too often (the sweeper stopped trying) get another chance."""
        count = queryset.filter(
            emailed_at__isnull=True, email_skipped=False, email_claim__isnull=True
        ).exclude(delivery=Delivery.OFF).update(email_attempts=0, email_last_error="")
        self.message_user(
            request,
            gettext("%(count)s Benachrichtigung(en) werden erneut versucht.") % {"count": count},
            messages.SUCCESS,
        )
