"""The signed-in person's own account page. Sign-up, sign-in, e-mail and password pages
are django-allauth's (templates under templates/account/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .permissions import has_verified_email
from .services import user_profile_update


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
    context = {
        "form": form,
        "email_verified": has_verified_email(user),
    }
    return render(request, "users/profile.html", context)
