"""Create or reset the demo administrator of the embedded default (`make run`).

Idempotent: a second run finds the account and resets its password, flags and verified
e-mail address. Refuses to run with DEBUG off, so no production site gets an account
with a published password.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_ADMIN_EMAIL = "admin@jena-smart.example"
DEMO_ADMIN_PASSWORD = "jena-smart-demo-admin"  # noqa: S105 - printed on purpose, DEBUG only


@transaction.atomic
def ensure_demo_admin(*, email: str, password: str):
    """Create or reset a superuser ``email`` with ``password`` and a verified, primary
    e-mail address (allauth would otherwise ask to verify it at sign-in).
    Returns ``(user, created)``."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email)
    user.is_staff = True
    user.is_superuser = True
    user.is_active = True
    if not user.display_name:
        user.display_name = "Demo-Administration"
    user.set_password(password)
    user.save()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        address = EmailAddress(user=user, email=email)
    address.verified = True
    address.primary = True
    address.save()
    return user, created


class Command(BaseCommand):
    help = "Create or reset the demo administrator and print its credentials (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--email", default=DEMO_ADMIN_EMAIL)
        parser.add_argument("--password", default=DEMO_ADMIN_PASSWORD)

    def handle(self, *args, email: str, password: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_demo_admin only runs with DEBUG=true: it sets a published password."
            )
        user, created = ensure_demo_admin(email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo administrator {'created' if created else 'reset'}: "
                f"e-mail {user.email}, password {password} (sign in at /admin/ or /accounts/login/)"
            )
        )
