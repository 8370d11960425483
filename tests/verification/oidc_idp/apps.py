from django.apps import AppConfig


class TestIdentityProviderConfig(AppConfig):
    name = "tests.verification.oidc_idp"
    label = "test_idp"
    default_auto_field = "django.db.models.BigAutoField"
