"""Set the test identity provider up: its tables, the people of people.py (each with the
same password), and the one client, Jena Smart, with its callback addresses."""

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command
from oauth2_provider.models import get_application_model

from tests.verification.oidc_idp.people import PASSWORD, PEOPLE


class Command(BaseCommand):
    help = "Create the tables, the people and the client of the test identity provider."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", action="append", required=True)

    def handle(self, *args, client_id, client_secret, redirect_uri, **options):
        call_command("migrate", verbosity=0, interactive=False)
        User = get_user_model()
        for username, claims in PEOPLE.items():
            User.objects.create_user(
                username=username, email=claims.get("email", ""), password=PASSWORD
            )
        Application = get_application_model()
        Application.objects.create(
            name="Jena Smart",
            client_id=client_id,
            client_secret=client_secret,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(redirect_uri),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
