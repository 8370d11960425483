"""How django-allauth fits Jena Smart: who may sign up, the extra sign-up fields, the
sender of its e-mails and how they are sent, where people land after signing in."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import translate_url
from django.utils import translation

from core.security import strip_language
from core.tasks import safe_delay

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Everyone may sign up; taking part still needs a verified e-mail address."""
        return True

    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render in the request (it knows the language and the site), send through
        Celery like every other e-mail of the site: the request never waits for the mail
        server, and an answer takes as long whether a mail goes out or which one (no
        telling from the time whether an address has an account). Without a broker the
        mail is sent here, so nobody waits in vain for their confirmation."""
        from allauth.account.adapter import get_current_site

        from users.tasks import send_account_email

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        data = {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "headers": dict(message.extra_headers),
            "alternatives": [list(pair) for pair in getattr(message, "alternatives", [])],
        }
        if not safe_delay(send_account_email, data):
            try:
                message.send()
            except OSError:
                logger.exception("account e-mail %s to %s not sent", template_prefix, email)

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
        return _in_own_language(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request) -> str:
        """The same right after a sign-up that signs in at once (with the state's account)."""
        return _in_own_language(request, super().get_signup_redirect_url(request))


def _in_own_language(request, url: str) -> str:
    """``url`` in the person's preferred language. translate_url() finds a path only in
    the active language, and the request may be on the other one's pages: the path is
    looked up without its language prefix, in the default language."""
    language = getattr(request.user, "preferred_language", "")
    if not language:
        return url
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(strip_language(resolve_url(url)), language)
