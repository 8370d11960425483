"""Settings of the test identity provider: a small Django project of its own with
django-oauth-toolkit as OpenID Connect provider, started by tests/verification/oidc_idp/
server.py in a process of its own. Everything comes from the environment the server
gives it: its folder (SQLite file, RSA key) and its issuer address."""

import os
from pathlib import Path

IDP_DIR = Path(os.environ["JENA_TEST_IDP_DIR"])
ISSUER = os.environ["JENA_TEST_IDP_ISSUER"]

SECRET_KEY = "test-identity-provider-only-not-a-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "tests.verification.oidc_idp",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.verification.oidc_idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": IDP_DIR / "idp.sqlite3",
        "OPTIONS": {"timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "de"
USE_I18N = True
USE_TZ = True
LOGIN_URL = "/login/"
# The site under test runs on the same host (another port): cookies do not tell ports
# apart, so the identity provider's cookies have names of their own.
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": (IDP_DIR / "oidc.key").read_text(),
    "OIDC_ISS_ENDPOINT": ISSUER,
    "PKCE_REQUIRED": True,
    "OAUTH2_VALIDATOR_CLASS": "tests.verification.oidc_idp.validator.StateAccountValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "email": "E-Mail-Adresse",
        "profile": "Name und Geburtsdatum",
        "address": "Anschrift",
    },
    "DEFAULT_SCOPES": ["openid"],
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
