"""The person's own data: request a copy (GDPR Art. 15/20), see its state, download it."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.storage import private_file_response

from . import deletion, services
from .models import DataExport


class AccountDeleteForm(forms.Form):
    contributions = forms.ChoiceField(
        label=gettext_lazy("Was soll mit Ihren Ideen und Kommentaren geschehen?"),
        widget=forms.RadioSelect,
        choices=[
            (deletion.ANONYMISE, gettext_lazy(
                "Stehen lassen, ohne meinen Namen (als „gelöschtes Konto“). Sie bleiben "
                "Teil der Diskussion, die andere weitergeführt haben."
            )),
            (deletion.REMOVE, gettext_lazy(
                "Löschen: meine Ideen samt den Kommentaren darunter; meine übrigen "
                "Kommentare werden zu „gelöscht“, ohne Text."
            )),
        ],
    )
    password = forms.CharField(
        label=gettext_lazy("Ihr Passwort zur Bestätigung"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )


@never_cache
@login_required
@require_GET
def data(request):
    exports = DataExport.objects.filter(user=request.user)[:5]
    return render(request, "privacy/data.html", {
        "exports": exports,
        "busy": any(e.state == DataExport.State.PENDING for e in exports),
        "valid_days": settings.PRIVACY_EXPORT_VALID_DAYS,
    })


@login_required
@require_POST
def data_export_create(request):
    try:
        services.data_export_request(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Ihre Datenauskunft wird erstellt. Sie erhalten eine E-Mail, sobald sie bereit ist."),
        )
    return redirect("privacy:data")


@never_cache
@login_required
@require_GET
def data_export_download(request, pk: int):
    try:
        export = services.data_export_for_download(user=request.user, export_id=pk)
    except DataExport.DoesNotExist:
        raise Http404 from None
    return private_file_response(  # the person's own, still valid export
        export.file, as_attachment=True,
        filename=f"jena-smart-datenauskunft-{export.ready_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deletion.account_delete(
                user=request.user,
                password=form.cleaned_data["password"],
                contributions=form.cleaned_data["contributions"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            logout(request)
            messages.success(request, _("Ihr Konto ist gelöscht. Auf Wiedersehen!"))
            return redirect("pages:home")
    return render(request, "privacy/account_delete.html", {
        "form": form, "refused": request.user.is_staff or request.user.is_superuser,
    })
