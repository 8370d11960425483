"""The signed-in person's own account page. Sign-up, sign-in, e-mail and password pages
are django-allauth's (templates under templates/account/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.api.tokens import api_token_issue, api_token_of, api_token_revoke
from core.rules import has_verified_email

from .forms import ProfileForm
from .services import user_profile_update


def _render_profile(request, form, *, new_token=None, status=200):
    context = {
        "form": form,
        "email_verified": has_verified_email(request.user),
        "api_token": new_token or api_token_of(request.user),
        "new_token": new_token,
    }
    return render(request, "users/profile.html", context, status=status)


@login_required
def profile(request):
    """Edit the public profile; links to allauth's e-mail and password pages. When the
    preferred language changes, the next page is already in that language."""
    user = request.user
    form = ProfileForm.for_user(user, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        previous_language = user.preferred_language
        try:
            user_profile_update(user=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if user.preferred_language != previous_language:
                # The message and the URL below in the newly chosen language.
                translation.activate(user.preferred_language)
                request.LANGUAGE_CODE = user.preferred_language
            messages.success(request, _("Ihr Profil wurde gespeichert."))
            return redirect(reverse("users:profile"))
    return _render_profile(request, form)


@never_cache
@login_required
@require_POST
def api_token(request):
    """Create (or replace) or delete the person's API token. A new key is shown on the
    answer to this POST only, never again: no redirect, nothing kept in the session."""
    if request.POST.get("action") == "delete":
        if api_token_revoke(user=request.user):
            messages.success(
                request,
                _(
                    "Ihr API-Schlüssel ist gelöscht. Programme, die ihn nutzen, "
                    "haben keinen Zugriff mehr."
                ),
            )
        return redirect(reverse("users:profile") + "#api-heading")
    token = api_token_issue(user=request.user)
    return _render_profile(request, ProfileForm.for_user(request.user), new_token=token)
