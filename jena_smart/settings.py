"""Settings of Jena Smart, read from environment variables (django-environ).

The embedded default needs no variable except ``DEBUG=true`` (which ``make run`` sets):
SQLite under ``var/``, Celery tasks run eagerly, a local-memory cache and e-mails on the
console. Production sets ``DEBUG=false`` and then must set ``SECRET_KEY`` and
``ALLOWED_HOSTS``; see README.md for every variable.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from jena_smart.saml_settings import SamlIdentityProvider, form_action_origins, saml_providers
from jena_smart.storage_settings import (
    DEFAULT_SIGNED_URL_SECONDS,
    LOCAL_STORAGES,
    ObjectStorage,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README.md, 'Production')."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # before the admin: its translation registrations and admin widgets come first
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "leaflet",
    "djgeojson",
    "import_export",
    "simple_history",
    # ours, lower layers first
    "core",
    "users",
    "geo",
    "pages",
    "verification",
    "measures",
    "projects",
    "participation.ideas",
    "participation.budgets",
    "participation.polls",
    "participation.moderation",
    "participation.notifications",
    "reports",
    "opendata",
    "privacy",
    "barriers",
    "start",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "core.ratelimit.RateLimitMiddleware",
    "core.middleware.DomainErrorMiddleware",
    "core.middleware.CacheOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.UnstorableInputMiddleware",
    "core.security.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: serves the public pages to anonymous readers from the cache (core/pagecache.py).
    "core.pagecache.PageCacheMiddleware",
]

ROOT_URLCONF = "jena_smart.urls"
WSGI_APPLICATION = "jena_smart.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'jena_smart.sqlite3'}"
    ),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    # Wait for a concurrent writer instead of failing at once (runserver + eager tasks).
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker -----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="jena_smart"),
            "TIMEOUT": 300,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
# The page cache (core/pagecache.py): anonymous pages are invalidated by the changes that
# affect them; this is only the safety net. PAGE_CACHE_RELEASE (e.g. the commit deployed;
# empty: a fingerprint of the code, templates and translations) keeps a new release from
# serving pages rendered by the old templates.
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=60 * 60 * 24)
PAGE_CACHE_RELEASE = env.str("PAGE_CACHE_RELEASE", default="")
CELERY_TIMEZONE = "Europe/Berlin"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A request must never hang on a broker that is down.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "socket_connect_timeout": 2,
    # A broker that takes the connection but never answers must not hang the request.
    "socket_timeout": 2,
}
CELERY_BEAT_SCHEDULE: dict = {
    # Immediate e-mails still pending (broker was down, worker killed, SMTP failed).
    "notifications-sweep": {
        "task": "notifications.sweep_pending_notifications",
        "schedule": 120.0,
    },
    "privacy-retention": {
        "task": "privacy.apply_retention",
        "schedule": crontab(hour=3, minute=15),
    },
    "notifications-daily-digest": {
        "task": "notifications.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "notifications-weekly-digest": {
        "task": "notifications.send_weekly_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    # Phases that started or end soon, polls that opened or whose results are out, for
    # the projects' followers.
    "notifications-phases": {
        "task": "notifications.notify_phases",
        "schedule": crontab(minute=5),
    },
    # Stale measures and milestones due soon, for the measures' managers.
    "measure-manager-reminders": {
        "task": "notifications.remind_measure_managers",
        "schedule": crontab(hour=6, minute=30),
    },
    # Confirmations of residence past their date are marked ended.
    "verification-expire": {
        "task": "verification.expire_verifications",
        "schedule": crontab(hour=2, minute=30),
    },
    # The register extract is deleted once older than VERIFICATION_REGISTER_RETENTION_DAYS.
    "verification-register-retention": {
        "task": "verification.delete_old_register_extract",
        "schedule": crontab(hour=2, minute=45),
    },
    # Barrier reports: answers and staff alerts still to be mailed; old closed reports.
    "barriers-sweep": {
        "task": "barriers.sweep_pending_mails",
        "schedule": 300.0,
    },
    "barriers-retention": {
        "task": "barriers.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- E-mail -------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":  # noqa: F821 - from EMAIL_URL
    # Same settings; adds the hand-over checkpoint that makes notification mails
    # exactly-once (core/mail.py).
    EMAIL_BACKEND = "core.mail.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Jena Smart <noreply@jena-smart.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Notification e-mails (participation/notifications/delivery.py).
# Rows per task and per SMTP connection.
NOTIFICATION_EMAIL_BATCH_SIZE = env.int("NOTIFICATION_EMAIL_BATCH_SIZE", default=200)
# Seconds after which a sender that claimed rows counts as dead and the sweeper takes
# over; far longer than a batch takes (200 mails at ~100/s: 2 s).
NOTIFICATION_CLAIM_TIMEOUT = env.int("NOTIFICATION_CLAIM_TIMEOUT", default=600)
# First retry of a recipient whose mail failed (then exponential backoff).
NOTIFICATION_RETRY_COUNTDOWN = env.int("NOTIFICATION_RETRY_COUNTDOWN", default=60)

# Periodic notifications (participation/notifications/reminders.py).
# Followers of a project are told this many days before a phase ends.
PHASE_ENDING_NOTICE_DAYS = env.int("PHASE_ENDING_NOTICE_DAYS", default=3)
# Managers of a stale measure are reminded again every this many days while it stays stale.
MEASURE_STALE_REMINDER_DAYS = env.int("MEASURE_STALE_REMINDER_DAYS", default=14)
# Managers are reminded of an open milestone this many days before it is due.
MILESTONE_DUE_NOTICE_DAYS = env.int("MILESTONE_DUE_NOTICE_DAYS", default=14)

# Status reports (reports/): the group whose members are council members (assigned in
# the admin); they see the dashboard and draft reports.
COUNCIL_GROUP_NAME = env.str("COUNCIL_GROUP_NAME", default="Stadtrat")

# Posting limits per person ("count/period", period s, m, h, d; empty: no limit). Sign-in,
# sign-up and password reset are limited by allauth (ACCOUNT_RATE_LIMITS below).
# --- Verified residents (verification/) ------------------------------------------------------
# How long a confirmation holds; the next register import ends it earlier for a person who
# moved or left Jena.
VERIFICATION_VALID_DAYS = env.int("VERIFICATION_VALID_DAYS", default=730)
# The key of the register digests (keyed SHA-256); empty: derived from SECRET_KEY.
VERIFICATION_HASH_KEY = env.str("VERIFICATION_HASH_KEY", default="")
# Where a register check asks (verification/backends/).
VERIFICATION_REGISTER_BACKEND = env.str(
    "VERIFICATION_REGISTER_BACKEND",
    default="verification.backends.extract.RegisterExtractBackend",
)
# The lowest trust level (eIDAS: low, substantial, high) at which a sign-in with the
# state's account (BundID/DeutschlandID, OIDC or SAML) confirms a residence in Jena.
VERIFICATION_STATE_ACCOUNT_MIN_LEVEL = env.str(
    "VERIFICATION_STATE_ACCOUNT_MIN_LEVEL", default="substantial"
)
# The imported register extract is deleted automatically after this many days.
VERIFICATION_REGISTER_RETENTION_DAYS = env.int("VERIFICATION_REGISTER_RETENTION_DAYS", default=90)
# The municipal register service (verification.backends.xmeld.XMeldBackend, XMeld's
# "einfache Melderegisterauskunft" over SOAP): endpoint, our Behördenkennung (Absender),
# client certificate and key for mutual TLS, the CAs of the service's certificate (empty:
# the system's), seconds to connect and per read. Without URL and sender it answers
# "register unavailable".
VERIFICATION_XMELD_URL = env.str("VERIFICATION_XMELD_URL", default="")
VERIFICATION_XMELD_SENDER = env.str("VERIFICATION_XMELD_SENDER", default="")
VERIFICATION_XMELD_CLIENT_CERT = env.str("VERIFICATION_XMELD_CLIENT_CERT", default="")
VERIFICATION_XMELD_CLIENT_KEY = env.str("VERIFICATION_XMELD_CLIENT_KEY", default="")
VERIFICATION_XMELD_CA_BUNDLE = env.str("VERIFICATION_XMELD_CA_BUNDLE", default="")
VERIFICATION_XMELD_TIMEOUT = env.float("VERIFICATION_XMELD_TIMEOUT", default=5.0)
# Letter codes: a code is valid this many days after the letter was printed, and void after
# this many wrong tries; one PDF batch holds at most this many letters (oldest first). The
# sender line printed above the address in the envelope's window (DIN 5008).
VERIFICATION_LETTER_VALID_DAYS = env.int("VERIFICATION_LETTER_VALID_DAYS", default=30)
VERIFICATION_LETTER_MAX_TRIES = env.int("VERIFICATION_LETTER_MAX_TRIES", default=5)
VERIFICATION_LETTER_BATCH_MAX = env.int("VERIFICATION_LETTER_BATCH_MAX", default=500)
VERIFICATION_LETTER_SENDER = env.str(
    "VERIFICATION_LETTER_SENDER", default="Stadtverwaltung Jena · Jena Smart · 07740 Jena"
)
# Where residents are confirmed at the desk (shown on /konto/wohnsitz/; text, one line
# per line of the address and opening hours).
VERIFICATION_DESK_INFO = env.str(
    "VERIFICATION_DESK_INFO",
    default="Bürgerservice der Stadt Jena\nAm Anger 15\n07743 Jena",
    multiline=True,  # "\n" in the variable starts a new line
)

POSTING_RATE_LIMITS = {
    "idea": env.str("RATE_LIMIT_IDEAS", default="10/h"),
    "comment": env.str("RATE_LIMIT_COMMENTS", default="30/h"),
    "report": env.str("RATE_LIMIT_REPORTS", default="20/h"),
    "vote": env.str("RATE_LIMIT_VOTES", default="120/h"),
    # register checks (verification): per person and per client address; a wrong try
    # costs as much as a right one, so guessing a neighbour's data stays slow
    "register_check": env.str("RATE_LIMIT_REGISTER_CHECKS", default="5/h"),
    "register_check_address": env.str("RATE_LIMIT_REGISTER_CHECKS_ADDRESS", default="20/h"),
    # letters with a code (verification): each costs postage, so few per day
    "letter_request": env.str("RATE_LIMIT_LETTER_REQUESTS", default="3/d"),
    "letter_request_address": env.str("RATE_LIMIT_LETTER_REQUESTS_ADDRESS", default="10/d"),
    # barrier reports (barriers): per person, or per client address without an account
    "barrier_report": env.str("RATE_LIMIT_BARRIER_REPORTS", default="5/h"),
}

# GDPR: days a copy of one's data can be downloaded before it is deleted.
PRIVACY_EXPORT_VALID_DAYS = env.int("PRIVACY_EXPORT_VALID_DAYS", default=7)
# Retention (privacy.apply_retention, nightly): notifications (read and sent) are deleted
# after this many days; accounts never confirmed and without contributions after that.
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", default=365)
UNVERIFIED_ACCOUNT_DAYS = env.int("UNVERIFIED_ACCOUNT_DAYS", default=14)

# Stored idea photos per person (each at most 5 MB, re-encoded without metadata).
PHOTO_QUOTA_PER_PERSON = env.int("PHOTO_QUOTA_PER_PERSON", default=30)

# --- Users and authentication ----------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "display_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
LOGIN_URL = "account_login"  # a URL name: reversed in the active language (/en/accounts/login/)
ACCOUNT_ADAPTER = "users.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "users.forms.SignupForm"}
# A plausible name bots fill in; hidden from people and screen readers (see SignupForm).
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
# One address per account; a new one becomes primary only once it is verified.
ACCOUNT_CHANGE_EMAIL = True
# Tell the person by e-mail when their password or e-mail address changed.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Jena Smart] "
# allauth's rate limits stay on with their defaults (ACCOUNT_RATE_LIMITS unset);
# settings_test.py switches them off (ACCOUNT_RATE_LIMITS = False), one test turns them on.

# --- Sign-in with the state's account over OpenID Connect (verification/oidc.py) ----------
# BundID/DeutschlandID (through a gateway) or the city's own identity provider, through
# allauth's "openid_connect" provider. Without VERIFICATION_OIDC_SERVER_URL there is no
# provider and no button. The identity provider must know both callback addresses,
# <site>/accounts/oidc/bundid/login/callback/ and <site>/en/accounts/oidc/bundid/login/callback/.
VERIFICATION_OIDC_SERVER_URL = env.str("VERIFICATION_OIDC_SERVER_URL", default="")  # issuer
VERIFICATION_OIDC_CLIENT_ID = env.str("VERIFICATION_OIDC_CLIENT_ID", default="")
VERIFICATION_OIDC_CLIENT_SECRET = env.str("VERIFICATION_OIDC_CLIENT_SECRET", default="")
VERIFICATION_OIDC_NAME = env.str("VERIFICATION_OIDC_NAME", default="BundID / DeutschlandID")
# Standard scopes: given_name, family_name and birthdate come with "profile", the address
# with "address".
VERIFICATION_OIDC_SCOPES = env.list(
    "VERIFICATION_OIDC_SCOPES", default=["openid", "email", "profile", "address"]
)
# The trust level asked for (acr_values), e.g. http://eidas.europa.eu/LoA/substantial; what
# counts is the acr the identity provider answers (VERIFICATION_STATE_ACCOUNT_MIN_LEVEL).
VERIFICATION_OIDC_ACR_VALUES = env.str("VERIFICATION_OIDC_ACR_VALUES", default="")


def state_account_oidc_providers(
    *, server_url: str, client_id: str, secret: str, name: str, scopes, acr_values: str
) -> dict:
    """allauth's SOCIALACCOUNT_PROVIDERS for the state's account (empty without a server)."""
    if not server_url:
        return {}
    app_settings = {
        "server_url": server_url,
        "oauth_pkce_enabled": True,
        "fetch_userinfo": True,
        "scope": list(scopes),
    }
    if acr_values:
        app_settings["auth_params"] = {"acr_values": acr_values}
    return {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "bundid",
                    "name": name,
                    "client_id": client_id,
                    "secret": secret,
                    "settings": app_settings,
                }
            ]
        }
    }


SOCIALACCOUNT_PROVIDERS = state_account_oidc_providers(
    server_url=VERIFICATION_OIDC_SERVER_URL,
    client_id=VERIFICATION_OIDC_CLIENT_ID,
    secret=VERIFICATION_OIDC_CLIENT_SECRET,
    name=VERIFICATION_OIDC_NAME,
    scopes=VERIFICATION_OIDC_SCOPES,
    acr_values=VERIFICATION_OIDC_ACR_VALUES,
)
SOCIALACCOUNT_ADAPTER = "verification.oidc.StateAccountAdapter"
# No access or refresh tokens kept: the site asks the identity provider once per sign-in.
SOCIALACCOUNT_STORE_TOKENS = False
# A sign-in with the state's account never takes over an e-mail account of the same address:
# the person links it on the connections page while signed in.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
# The sign-in starts with a POST (a button), never with a link a third party could embed.
SOCIALACCOUNT_LOGIN_ON_GET = False
# Where forms may be sent to besides the site: the sign-in at the identity provider starts
# with a form that the site answers with a redirect to it (Content-Security-Policy).
CSP_FORM_ACTION_ORIGINS = env.list("CSP_FORM_ACTION_ORIGINS", default=[])
if VERIFICATION_OIDC_SERVER_URL:
    from urllib.parse import urlsplit as _urlsplit

    _oidc = _urlsplit(VERIFICATION_OIDC_SERVER_URL)
    CSP_FORM_ACTION_ORIGINS.append(f"{_oidc.scheme}://{_oidc.netloc}")
# django-guardian: no anonymous user row (the user model has no username).
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
# Content in more languages (django-modeltranslation, */translation.py): one column per
# language on the same table (title_de, title_en, …). German is the source; where another
# language has no text, German is shown (and marked lang="de" by core's {% lang_of %}).
# A further language is one more entry in LANGUAGES plus makemigrations.
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "de"  # slugs come from the German title


def _localized_verbose_name(name, lang):
    """The admin's label of a language column: "Titel (Deutsch)", "Titel (English)"."""
    return format_lazy("{} ({})", name, dict(LANGUAGES)[lang])


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _localized_verbose_name
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files (npm packages served by the site itself, no CDN) -----------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/kern", NODE_MODULES / "@kern-ux" / "native" / "dist"),
    ("vendor/markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
]
# Source maps are for developer tools only: collected (the bundles point at them) but not
# compressed, which took most of collectstatic's minute (Swagger UI's are megabytes).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# --- Uploaded files (core/storage.py) ---------------------------------------------------------
# Public files (idea photos, project images) in "default", files that only views which check
# who asks hand out (copies of personal data, status report PDFs) in "private". Without
# S3_BUCKET both are local folders (the embedded default; /media/ is served with DEBUG only);
# with it, two buckets of S3-compatible object storage that every node shares.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
PRIVATE_ROOT = env.path("PRIVATE_ROOT", default=VAR_DIR / "private")
# manage.py backup / restore (core/backup.py): where backups go, and the folder of the
# PostgreSQL client programs (pg_dump, pg_restore, psql) when they are not on PATH.
BACKUP_ROOT = env.path("BACKUP_ROOT", default=VAR_DIR / "backups")
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")
S3_BUCKET = env.str("S3_BUCKET", default="")
OBJECT_STORAGE = (
    ObjectStorage(
        bucket=S3_BUCKET,
        private_bucket=env.str("S3_PRIVATE_BUCKET", default=""),
        endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
        public_endpoint_url=env.str("S3_PUBLIC_ENDPOINT_URL", default=""),
        access_key=env.str("S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
        region=env.str("S3_REGION", default="us-east-1"),
        addressing_style=env.str("S3_ADDRESSING_STYLE", default="path"),
        signed_url_seconds=env.int("S3_SIGNED_URL_SECONDS", default=DEFAULT_SIGNED_URL_SECONDS),
    )
    if S3_BUCKET
    else None
)
if OBJECT_STORAGE and OBJECT_STORAGE.problems():
    raise ImproperlyConfigured("; ".join(OBJECT_STORAGE.problems()) + " (see README.md).")
MEDIA_URL = env.str(
    "MEDIA_URL", default=OBJECT_STORAGE.default_media_url() if OBJECT_STORAGE else "/media/"
)
STORAGES = {
    **(OBJECT_STORAGE.storages() if OBJECT_STORAGE else LOCAL_STORAGES),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security (production values unless DEBUG) ---------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of gunicorn append to X-Forwarded-For: the client's address is
# the entry that many places from the end (the last proxy's view of its client), so a
# visitor cannot choose an address by sending the header. 0: REMOTE_ADDR. The nginx of
# deploy/nginx/ is one proxy (it passes on one address). Used by the API's limits per
# address (DRF's NUM_PROXIES) and by allauth's sign-in and sign-up limits.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
# Seconds of inactivity after which a sign-in ends (SessionActivityMiddleware renews it
# while the person is active).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 4)
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS: list[str] = []

# --- REST API ----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    # Session first: the site's own pages (and the schema's Swagger UI) use the session;
    # programs send "Authorization: Token <key>" (made on the profile page). With session
    # authentication first, a request without credentials is answered 403, not 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "core.api.tokens.HashedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Every list filters from its FilterSet and sorts from its own allow-list; an unknown
    # sort field or an invalid filter value is a 400 with the reason.
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",  # a too deeply nested body is a 400, too
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # The services' refusals (PermissionDenied, ValidationError) as 403/400 with reason.
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    # Reads and writes are counted apart (core.api.throttling says why these sizes).
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.AnonReadThrottle",
        "core.api.throttling.UserReadThrottle",
        "core.api.throttling.WriteRateThrottle",
    ],
    # The address of a visitor: see TRUSTED_PROXY_COUNT (never a header as sent).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        # GET/HEAD per address for visitors (schools, libraries share one address).
        "anon": env.str("API_THROTTLE_ANON", default="20000/hour"),
        # GET/HEAD per signed-in person.
        "user": env.str("API_THROTTLE_USER", default="20000/hour"),
        # POST/PATCH/DELETE per person (per address for visitors).
        "api-write": env.str("API_THROTTLE_WRITE", default="120/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jena Smart API",
    "DESCRIPTION": "Smart-City-Strategie der Stadt Jena: Kernbereiche, Handlungsfelder, "
    "Maßnahmenbündel, Maßnahmen und ihr Fortschritt; Beteiligungsprojekte mit Ideen, "
    "Kommentaren und Unterstützungen; Ortsteile. Lesen ohne Anmeldung; Schreiben "
    "angemeldet (Sitzung der Website oder Kopfzeile „Authorization: Token <Schlüssel>“, "
    "der Schlüssel entsteht auf der Profilseite) nach denselben Regeln wie auf der Website.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "MeasureStatusEnum": "measures.models.Status",
        "MilestoneStateEnum": "measures.models.MilestoneState",
        "ProjectStatusEnum": "projects.models.Project.Status",
        "IdeaStatusEnum": "participation.ideas.models.IdeaStatus",
        "FlagStatusEnum": "participation.moderation.models.Flag.Status",
        "FlagReasonEnum": "participation.moderation.models.FlagReason",
        "PhaseTypeEnum": "projects.models.Phase.Type",
        "ModerationActionEnum": "participation.moderation.models.ModerationDecision.Action",
        "ReviewOutcomeEnum": "participation.moderation.models.ModerationDecision.ReviewOutcome",
        "NotificationKindEnum": "participation.notifications.models.NotificationKind",
        "FollowKindEnum": "participation.notifications.follows.KINDS",
        "ProposalStatusEnum": "participation.budgets.models.ProposalStatus",
        "ProposalSourceEnum": "participation.budgets.models.ProposalSource",
        "CountingMethodEnum": "participation.budgets.models.CountingMethod",
        "ImplementationStatusEnum": "participation.budgets.models.ImplementationStatus",
        "PollQuestionKindEnum": "participation.polls.models.QuestionKind",
        "PollStateEnum": "participation.polls.api.serializers.STATES",
        "PollConditionOperatorEnum": "participation.polls.models.ConditionOperator",
        "PollResultsVisibilityEnum": "participation.polls.models.ResultsVisibility",
    },
}

# --- Maps (django-leaflet); tiles are the only third-party request --------------------------
MAP_TILES_URL = env.str(
    "MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_TILES_ATTRIBUTION = env.str(
    "MAP_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (50.9272, 11.5861),
    "DEFAULT_ZOOM": 12,
    "MIN_ZOOM": 10,
    "MAX_ZOOM": 18,
    "SPATIAL_EXTENT": (11.48, 50.85, 11.69, 51.00),
    "TILES": [("OpenStreetMap", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION})],
    "RESET_VIEW": False,
}

# --- The strategy tracker -------------------------------------------------------------------
# A measure without a progress update for this many days counts as "stale".
MEASURE_STALE_AFTER_DAYS = env.int("MEASURE_STALE_AFTER_DAYS", default=180)

# --- Participation ----------------------------------------------------------------------------
# An idea or comment is hidden automatically once it has this many open reports, until a
# moderator decides; 0 switches automatic hiding off.
PARTICIPATION_AUTO_HIDE_REPORTS = env.int("PARTICIPATION_AUTO_HIDE_REPORTS", default=3)

# --- Site -----------------------------------------------------------------------------------
SITE_NAME = "Jena Smart"
# Absolute links in e-mails (unsubscribe, items): the public address of the site.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="smartcity@jena.example")

# --- Barrier feedback (barriers/; the accessibility statement) --------------------------------
# Where a new barrier report is announced: this address, or (empty) every active account
# with the permission "Barrieremeldungen bearbeiten und beantworten".
BARRIER_FEEDBACK_EMAIL = env.str("BARRIER_FEEDBACK_EMAIL", default="")
# Days until a report must be answered (its deadline in the admin, the promise on the
# form). The law asks for a prompt answer ("unverzüglich"/"zeitnah"; § 12b (4) BGG: a
# month at most for federal bodies); after an unanswered or unsatisfying report people may
# turn to the enforcement body. 14 days keeps well inside both and leaves time for an
# interim answer where fixing takes longer.
BARRIER_FEEDBACK_ANSWER_DAYS = env.int("BARRIER_FEEDBACK_ANSWER_DAYS", default=14)
# Closed reports (answered or done) are deleted this many days after they arrived
# (barriers.apply_retention, nightly); open ones are kept until they are closed.
BARRIER_FEEDBACK_RETENTION_DAYS = env.int("BARRIER_FEEDBACK_RETENTION_DAYS", default=365)
# The enforcement body the accessibility statement names (Thuringia: the
# Landesdurchsetzungsstelle at the state commissioner for people with disabilities).
# Address and e-mail are shown only when set: fill them in from the body's own website.
ACCESSIBILITY_ENFORCEMENT_BODY = {
    "name": env.str(
        "ACCESSIBILITY_ENFORCEMENT_NAME",
        default=(
            "Landesdurchsetzungsstelle für digitale Barrierefreiheit beim Beauftragten für "
            "Menschen mit Behinderungen des Freistaats Thüringen"
        ),
    ),
    "address": env.str("ACCESSIBILITY_ENFORCEMENT_ADDRESS", default=""),
    "email": env.str("ACCESSIBILITY_ENFORCEMENT_EMAIL", default=""),
    "url": env.str(
        "ACCESSIBILITY_ENFORCEMENT_URL",
        default="https://tlmb-thueringen.de/themen/barrierefreiheit/landesdurchsetzungsstelle",
    ),
}

# --- Sign-in with the state's account over SAML (BundID; verification/saml.py) --------------
# Off until the identity provider is named: by its metadata URL, or by entity ID, sign-in
# URL and signing certificate. A sign-in at VERIFICATION_STATE_ACCOUNT_MIN_LEVEL or above
# with a Jena address and a date of birth confirms the residence.
def _read_file(variable: str) -> str:
    path = env.str(variable, default="")
    if not path:
        return ""
    try:
        return Path(path).read_text()
    except OSError as error:
        raise ImproperlyConfigured(f"{variable}: {error}") from error


VERIFICATION_SAML = SamlIdentityProvider(
    metadata_url=env.str("VERIFICATION_SAML_IDP_METADATA_URL", default=""),
    entity_id=env.str("VERIFICATION_SAML_IDP_ENTITY_ID", default=""),
    sso_url=env.str("VERIFICATION_SAML_IDP_SSO_URL", default=""),
    x509cert=env.str("VERIFICATION_SAML_IDP_X509CERT", default=""),
    sp_entity_id=env.str("VERIFICATION_SAML_SP_ENTITY_ID", default=""),
    name=env.str("VERIFICATION_SAML_NAME", default="BundID (SAML)"),
    # e.g. STORK-QAA-Level-3 (BundID) or http://eidas.europa.eu/LoA/substantial
    authn_context=env.str("VERIFICATION_SAML_AUTHN_CONTEXT", default=""),
    # PEM files of our key and certificate: sign the requests (when the IdP wants that)
    sp_private_key=_read_file("VERIFICATION_SAML_SP_KEY_FILE"),
    sp_x509cert=_read_file("VERIFICATION_SAML_SP_CERT_FILE"),
    email_verified=env.bool("VERIFICATION_SAML_EMAIL_VERIFIED", default=False),
)
try:
    SOCIALACCOUNT_PROVIDERS = {
        **SOCIALACCOUNT_PROVIDERS,  # OpenID Connect, above
        **saml_providers(VERIFICATION_SAML, site_url=SITE_URL),
    }
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error
# The sign-in button's form continues at the identity provider (CSP form-action, core/security.py).
CSP_FORM_ACTION_ORIGINS = [*CSP_FORM_ACTION_ORIGINS, *form_action_origins(VERIFICATION_SAML)]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO; keep its warnings only.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

FORM_RENDERER = "core.forms.KernFormRenderer"
SPECTACULAR_SETTINGS["SCHEMA_PATH_PREFIX"] = r"/api/v[0-9]+"
FORMAT_MODULE_PATH = ["jena_smart.formats"]

# --- Open data (/offene-daten/ and its DCAT-AP.de catalogue) -------------------------------
# Licence of the city's own datasets: name and text for people, the DCAT-AP.de licence URI
# for catalogues, and the attribution re-users must give.
OPEN_DATA_LICENSE_NAME = env.str(
    "OPEN_DATA_LICENSE_NAME", default="Datenlizenz Deutschland – Namensnennung – Version 2.0"
)
OPEN_DATA_LICENSE_URL = env.str(
    "OPEN_DATA_LICENSE_URL", default="https://www.govdata.de/dl-de/by-2-0"
)
OPEN_DATA_LICENSE_URI = env.str(
    "OPEN_DATA_LICENSE_URI", default="http://dcat-ap.de/def/licenses/dl-by-de/2.0"
)
OPEN_DATA_ATTRIBUTION = env.str("OPEN_DATA_ATTRIBUTION", default="Stadt Jena, Jena Smart")
# The district boundaries are derived from OpenStreetMap unless the city loads its own
# official ones (then set these to the city's licence): ODbL, with OSM's attribution.
OPEN_DATA_DISTRICTS_LICENSE_NAME = env.str(
    "OPEN_DATA_DISTRICTS_LICENSE_NAME",
    default="Open Data Commons Open Database License (ODbL) 1.0",
)
OPEN_DATA_DISTRICTS_LICENSE_URL = env.str(
    "OPEN_DATA_DISTRICTS_LICENSE_URL", default="https://opendatacommons.org/licenses/odbl/1-0/"
)
OPEN_DATA_DISTRICTS_LICENSE_URI = env.str(
    "OPEN_DATA_DISTRICTS_LICENSE_URI", default="http://dcat-ap.de/def/licenses/odbl"
)
OPEN_DATA_DISTRICTS_ATTRIBUTION = env.str(
    "OPEN_DATA_DISTRICTS_ATTRIBUTION",
    default="© OpenStreetMap-Mitwirkende (ODbL); Stadt Jena, Jena Smart",
)
# Publisher (dct:publisher, foaf:name) and, optionally, its URI (else a blank node).
OPEN_DATA_PUBLISHER_NAME = env.str("OPEN_DATA_PUBLISHER_NAME", default="Stadt Jena")
OPEN_DATA_PUBLISHER_URI = env.str("OPEN_DATA_PUBLISHER_URI", default="")
# dcatde:contributorID, e.g. http://dcat-ap.de/def/contributors/... (GovData's list);
# empty: left out of the catalogue.
OPEN_DATA_CONTRIBUTOR_ID = env.str("OPEN_DATA_CONTRIBUTOR_ID", default="")
# Amtlicher Gemeindeschlüssel for dct:spatial / dcatde:politicalGeocodingURI (Jena).
OPEN_DATA_MUNICIPALITY_KEY = env.str("OPEN_DATA_MUNICIPALITY_KEY", default="16053000")
