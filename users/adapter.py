"""How django-allauth fits Jena Smart: who may sign up, the extra sign-up fields, the
sender of its e-mails, where people land after signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import translate_url


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Everyone may sign up; taking part still needs a verified e-mail address."""
        return True

    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def save_user(self, request, user, form, commit=True):
        """allauth's user (e-mail, password) with the profile fields of our SignupForm,
        written in one INSERT."""
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        if data.get("display_name"):
            user.display_name = data["display_name"]
        if "home_district" in data:
            user.home_district = data["home_district"]
        if data.get("preferred_language"):
            user.preferred_language = data["preferred_language"]
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request) -> str:
        """Without an explicit ``next``: the start page in the person's own language."""
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "preferred_language", "")
        if language:
            url = translate_url(resolve_url(url), language)
        return url
