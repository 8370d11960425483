"""The person's own data: request a copy (GDPR Art. 15/20), see its state, download it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import services
from .models import DataExport


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
    return FileResponse(
        export.file.open("rb"), as_attachment=True,
        filename=f"jena-smart-datenauskunft-{export.ready_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
