from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "users"
    label = "users"
    verbose_name = _("Benutzer")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core.security import mark_session_active

        # Signing in already saves the session: note the activity there, so that the next
        # requests do not save it again (SessionActivityMiddleware).
        user_logged_in.connect(mark_session_active, dispatch_uid="jena_smart.session_active")

        from allauth.account.signals import password_changed, password_reset, password_set

        from core.api.tokens import revoke_on_password_change

        for signal in (password_changed, password_reset, password_set):
            signal.connect(revoke_on_password_change, dispatch_uid=f"token-revoke-{id(signal)}")

        from . import pagecache

        pagecache.connect()
