"""The person's verification page (``/konto/wohnsitz/``): the current confirmation, how
it ended, and the ways to become a verified resident."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.rules import has_verified_email
from verification.backends import RegisterUnavailable
from verification.forms import RegisterCheckForm
from verification.models import Verification
from verification.rules import current_verification
from verification.services import register_check


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


# Sections other ways of verifying add to the page (letter code, desk, state account):
# callables (request) -> dict with "template" and context, or None.
page_sections = []


@never_cache
@login_required
def status(request):
    """Show the person's confirmation and offer the register check."""
    user = request.user
    next_url = _next_url(request)
    form = RegisterCheckForm(request.POST or None)
    status_code = 200
    if request.method == "POST":
        status_code = submit(
            form,
            lambda: register_check(
                user=user,
                person=form.person(),
                client_address=get_adapter().get_client_ip(request) or "",
            ),
        )
        if status_code is None:
            messages.success(request, _("Ihr Wohnsitz in Jena ist bestätigt."))
            return redirect(next_url or "verification:status")
    return status_page(request, form=form, status=status_code)


def register_unavailable_message() -> str:
    return _(
        "Der Abgleich mit dem Melderegister ist gerade nicht möglich. Bitte versuchen Sie "
        "es später noch einmal oder wählen Sie einen anderen Weg."
    )


def submit(form, action) -> int | None:
    """Run ``action`` (a service call) for a valid ``form``; None when it succeeded, else
    the status of the page that shows the form again with the reason: 400 for invalid
    input or a refusal of the rules, 403 when the person may not, 503 when the register
    cannot be asked now. Shared by the ways of verifying on this page."""
    if not form.is_valid():
        return 400
    try:
        action()
    except RegisterUnavailable:
        form.add_error(None, register_unavailable_message())
        return 503
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return 403
    except ValidationError as error:
        form.add_error(None, error)
        return 400
    return None


def status_page(request, *, form=None, status: int = 200):
    """The page, with the register check's ``form`` (bound after a post). The views of
    the other ways (letter code …) render it too after a post of theirs that failed;
    their sections find their bound forms on the request."""
    user = request.user
    verification = current_verification(user)
    last_ended = None
    if verification is None:
        last_ended = (
            Verification.objects.filter(user=user, ended_at__isnull=False)
            .order_by("-ended_at")
            .first()
        )
    sections = [section for make in page_sections if (section := make(request)) is not None]
    return render(
        request,
        "verification/status.html",
        {
            "verification": verification,
            "last_ended": last_ended,
            "form": form if form is not None else RegisterCheckForm(),
            "next": _next_url(request),
            "email_verified": has_verified_email(user),
            "sections": sections,
        },
        status=status,
    )
