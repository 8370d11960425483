"""Confirmations of residence in the admin.

* The list (``view_verification``): who, how, which district, since and until when,
  whether and why it ended. Read-only: outcomes are never edited by hand, nothing is
  added or deleted here.
* "Widerrufen" (``change_verification``): ends a confirmation with a reason the person
  reads on ``/konto/wohnsitz/`` (``verification_end``).
* "Übersicht" (``view_verification``): current verified residents by method and by
  district — counts, never a list of people or register entries.
* "Am Schalter bestätigen" (``verify_at_desk``): the Bürgerservice confirms a person who
  shows an identity document (``verification.desk``).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_history import HistoryAsChangeMixin
from geo.models import District
from verification.admin.forms import DeskForm, RevokeForm
from verification.desk import (
    VERIFY_AT_DESK,
    account_by_email,
    entry_holder,
    verification_grant_at_desk,
)
from verification.models import (
    DuplicateAttempt,
    EndReason,
    Method,
    RegisterImport,
    Verification,
)
from verification.services import DuplicateEntry, verification_end

REVOKE_PERMISSION = "verification.change_verification"
DUPLICATES_SHOWN = 50


class StateFilter(admin.SimpleListFilter):
    title = _("Stand")
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        return (
            ("current", _("gültig")),
            ("ended", _("beendet oder abgelaufen")),
        )

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "ended":
            return queryset.filter(Q(ended_at__isnull=False) | Q(expires_at__lte=timezone.now()))
        return queryset


class DistrictFilter(admin.SimpleListFilter):
    """The districts by name only (their boundaries are large and not needed here)."""

    title = _("Ortsteil")
    parameter_name = "ortsteil"

    def lookups(self, request, model_admin):
        return [
            (str(pk), name) for pk, name in District.objects.order_by("name").values_list(
                "pk", "name"
            )
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value:
            return queryset.filter(district_id=value) if value.isdigit() else queryset.none()
        return queryset


@admin.register(Verification)
class VerificationAdmin(HistoryAsChangeMixin, admin.ModelAdmin):
    list_display = (
        "user_email", "method", "district", "verified_at", "expires_at", "state", "ended_at",
        "end_reason",
    )
    list_filter = ("method", DistrictFilter, StateFilter)
    list_select_related = ("user", "district")
    search_fields = ("=user__email",)
    search_help_text = _("Die vollständige E-Mail-Adresse des Kontos.")
    date_hierarchy = "verified_at"
    fieldsets = (
        (None, {"fields": ("user_email", "method", "district", "birth_year", "state")}),
        (_("Bestätigung"), {"fields": (
            "verified_at", "expires_at", "verified_by_email", "document_type", "trust_level",
        )}),
        (_("Ende"), {"fields": ("ended_at", "end_reason", "end_note", "ended_by_email")}),
    )
    readonly_fields = (
        "user_email", "method", "district", "birth_year", "state", "verified_at", "expires_at",
        "verified_by_email", "document_type", "trust_level", "ended_at", "end_reason",
        "end_note", "ended_by_email",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "user", "district", "verified_by", "ended_by"
        )

    @admin.display(description=_("Person"), ordering="user__email")
    def user_email(self, obj: Verification) -> str:
        return obj.user.email

    @admin.display(description=_("bestätigt durch"))
    def verified_by_email(self, obj: Verification) -> str:
        return obj.verified_by.email if obj.verified_by_id else "–"

    @admin.display(description=_("beendet durch"))
    def ended_by_email(self, obj: Verification) -> str:
        return obj.ended_by.email if obj.ended_by_id else "–"

    @admin.display(description=_("Stand"))
    def state(self, obj: Verification) -> str:
        if obj.ended_at is not None:
            return gettext("beendet")
        if obj.expires_at <= timezone.now():
            return gettext("abgelaufen")
        return gettext("gültig")

    # Outcomes come from the verification paths only; revoking is the one change.
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
                "uebersicht/",
                self.admin_site.admin_view(self.overview_view),
                name=f"{prefix}_overview",
            ),
            path(
                "schalter/",
                self.admin_site.admin_view(self.desk_view),
                name=f"{prefix}_desk",
            ),
            path(
                "<path:object_id>/widerrufen/",
                self.admin_site.admin_view(self.revoke_view),
                name=f"{prefix}_revoke",
            ),
            *super().get_urls(),
        ]

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

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_verify_at_desk": request.user.has_perm(VERIFY_AT_DESK),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "can_revoke": bool(
                obj is not None
                and obj.ended_at is None
                and request.user.has_perm(REVOKE_PERMISSION)
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # --- revoke ---------------------------------------------------------------------------

    def revoke_view(self, request, object_id):
        """End a confirmation with a reason the person reads on their account page."""
        if not request.user.has_perm(REVOKE_PERMISSION):
            raise PermissionDenied
        verification = self.get_object(request, unquote(object_id))
        if verification is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse("admin:verification_verification_change", args=[verification.pk])
        if verification.ended_at is not None:
            self.message_user(
                request, gettext("Diese Bestätigung ist bereits beendet."), messages.WARNING
            )
            return HttpResponseRedirect(change_url)
        form = RevokeForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                verification_end(
                    verification=verification,
                    reason=EndReason.REVOKED,
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error("note", error.messages)
            else:
                self.message_user(
                    request,
                    gettext("Die Bestätigung von %(email)s ist widerrufen.")
                    % {"email": verification.user.email},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        return self._page(
            request,
            "admin/verification/verification/revoke.html",
            title=gettext("Bestätigung widerrufen"),
            original=verification,
            form=form,
        )

    # --- counts ---------------------------------------------------------------------------

    def overview_view(self, request):
        """Current verified residents by method and by district: two aggregate queries,
        whatever the number of people; and the latest second accounts refused because
        their register entry already confirms another account."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        current = Verification.objects.current()
        labels = dict(Method.choices)
        by_method = [
            (labels.get(row["method"], row["method"]), row["count"])
            for row in current.values("method").annotate(count=Count("pk")).order_by("method")
        ]
        by_district = [
            (row["district__name"] or gettext("ohne Ortsteil"), row["count"])
            for row in current.values("district__name")
            .annotate(count=Count("pk"))
            .order_by("district__name")
        ]
        return self._page(
            request,
            "admin/verification/verification/overview.html",
            title=gettext("Übersicht: bestätigte Einwohnerinnen und Einwohner"),
            by_method=by_method,
            by_district=by_district,
            total=sum(count for _, count in by_method),
            extract=RegisterImport.objects.filter(deleted_at__isnull=True).first(),
            duplicates=list(
                DuplicateAttempt.objects.select_related("holder", "attempted_by")[:DUPLICATES_SHOWN]
            ),
        )

    # --- desk -----------------------------------------------------------------------------

    def desk_view(self, request):
        """The Bürgerservice confirms a person who shows an identity document."""
        if not request.user.has_perm(VERIFY_AT_DESK):
            raise PermissionDenied
        form = DeskForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            user = account_by_email(data["email"])
            if user is None:
                form.add_error(
                    "email",
                    gettext(
                        "Es gibt kein Konto mit dieser E-Mail-Adresse. Die Person kann sich "
                        "auf der Website registrieren und danach wiederkommen."
                    ),
                )
            else:
                person = form.person()
                try:
                    verification = verification_grant_at_desk(
                        by=request.user,
                        user=user,
                        document_type=data["document_type"],
                        district=data["district"],
                        date_of_birth=data["date_of_birth"],
                        person=person,
                    )
                except DuplicateEntry:
                    form.add_error(None, self._duplicate_message(request, person, user))
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(
                        request,
                        gettext("Der Wohnsitz von %(email)s ist bestätigt, gültig bis %(date)s.")
                        % {
                            "email": user.email,
                            "date": formats.date_format(
                                timezone.localtime(verification.expires_at), "DATE_FORMAT"
                            ),
                        },
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(request.path)
        return self._page(
            request,
            "admin/verification/verification/desk.html",
            title=gettext("Wohnsitz am Schalter bestätigen"),
            form=form,
            person_fields=[form[name] for name in DeskForm.PERSON_FIELDS],
            main_fields=[
                form[name]
                for name in form.fields
                if name not in DeskForm.PERSON_FIELDS and name != "document_seen"
            ],
            seen_field=form["document_seen"],
        )

    def _duplicate_message(self, request, person, user) -> str:
        message = gettext(
            "Nicht bestätigt: Diese Person ist bereits mit einem anderen Konto bestätigt. "
            "Eine Person kann nur ein Konto bestätigen lassen."
        )
        holder = entry_holder(entry_digest=person.digest(), user=user) if person else None
        if holder is not None and request.user.has_perm(REVOKE_PERMISSION):
            url = reverse("admin:verification_verification_change", args=[holder.pk])
            return format_html(
                '{} <a href="{}">{}</a>',
                message,
                url,
                gettext(
                    "Zur bestehenden Bestätigung (%(email)s): Nutzt die Person jetzt dieses "
                    "Konto, widerrufen Sie die alte Bestätigung zuerst."
                )
                % {"email": holder.user.email},
            )
        return message
