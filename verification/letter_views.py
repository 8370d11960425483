"""The letter code on the verification page (``/konto/wohnsitz/``): its section (the
letter's state, the forms to ask for a letter and to enter its code) and the two posts.
A failed post shows the whole page again with the bound form and the reason."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from verification import letters
from verification.letter_forms import LetterCodeForm, LetterRequestForm
from verification.models import LetterCode
from verification.rules import current_verification
from verification.views import _next_url, page_sections, status_page, submit

SECTION_TEMPLATE = "verification/includes/letter_section.html"
ANCHOR = "#letter"


def letter_section(request) -> dict | None:
    """The section of the verification page; hidden for a confirmed resident without a
    letter under way."""
    user = request.user
    letter = LetterCode.objects.filter(user=user).first()
    request_form = getattr(request, "letter_request_form", None)
    code_form = getattr(request, "letter_code_form", None)
    is_open = letter is not None and letter.state in (
        LetterCode.State.REQUESTED,
        LetterCode.State.SENT,
    )
    if current_verification(user) is not None and not is_open and request_form is None:
        return None
    return {
        "template": SECTION_TEMPLATE,
        "letter": letter,
        "is_open": is_open,
        "can_enter_code": letter is not None and letter.state == LetterCode.State.SENT,
        "tries_left": letters.tries_left(letter) if letter is not None else None,
        "request_form": request_form or LetterRequestForm(),
        "code_form": code_form or LetterCodeForm(),
    }


def register() -> None:
    """Put the section on the verification page (``VerificationConfig.ready``)."""
    if letter_section not in page_sections:
        page_sections.append(letter_section)


@never_cache
@login_required
@require_POST
def letter_request(request):
    """Ask for a letter with a code."""
    form = LetterRequestForm(request.POST)
    status = submit(
        form,
        lambda: letters.letter_request(
            user=request.user,
            person=form.person(),
            client_address=get_adapter().get_client_ip(request) or "",
        ),
    )
    if status is None:
        messages.success(
            request,
            _(
                "Ihr Brief ist angefordert. Er wird gedruckt und kommt in einigen Tagen "
                "mit der Post."
            ),
        )
        return redirect(reverse("verification:status") + ANCHOR)
    request.letter_request_form = form
    return status_page(request, status=status)


@never_cache
@login_required
@require_POST
def letter_redeem(request):
    """Enter the code from the letter."""
    form = LetterCodeForm(request.POST)
    status = submit(
        form, lambda: letters.letter_code_redeem(user=request.user, code=form.cleaned_data["code"])
    )
    if status is None:
        messages.success(request, _("Ihr Wohnsitz in Jena ist bestätigt."))
        return redirect(_next_url(request) or "verification:status")
    request.letter_code_form = form
    return status_page(request, status=status)
