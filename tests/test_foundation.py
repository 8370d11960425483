"""The spine of the site: health check, settings, the frame every page shares, static
files, the CSP-ready templates and the documented production environment."""

import os
import re
import socket
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from posixpath import dirname, normpath
from urllib.parse import urlsplit
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.urls import reverse
from django.utils import translation

from tests.production import script

ROOT = Path(settings.BASE_DIR)
# Variables the settings read in this process: a subprocess must not inherit them.
SETTINGS_ENV = re.compile(
    r"^(DJANGO_ALLOW_ASYNC_UNSAFE|DEBUG|SECRET_KEY|ALLOWED_HOSTS|CSRF_TRUSTED_ORIGINS|DATABASE_URL|REDIS_URL|EMAIL_URL|"
    r"DJANGO_SETTINGS_MODULE|STATIC_ROOT|MEDIA_ROOT|SECURE_.*|SESSION_.*|CSRF_.*)$"
)


def clean_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not SETTINGS_ENV.match(k)}
    env.update(overrides)
    return env


def run_python(args: list[str], env: dict[str, str], timeout: int = 120):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    """A TCP port on which nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Tags(HTMLParser):
    """Start tags with their attributes, in document order, plus the text of <title>."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def find_all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.tags
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]


# --- /healthz ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_reports_ok_when_database_and_configured_redis_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    if settings.REDIS_URL:
        assert body["checks"]["redis"] == "ok"
    else:
        assert "redis" not in body["checks"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_checks_real_redis_when_configured(client, settings, redis_url):
    settings.REDIS_URL = redis_url

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_naming_redis_when_redis_is_down(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"] == {"database": "ok", "redis": "error"}


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_database_when_it_fails(client, settings, monkeypatch):
    from django.db import OperationalError

    from core import views

    def broken():
        raise OperationalError("connection refused")

    settings.REDIS_URL = ""
    monkeypatch.setattr(views, "_check_database", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "error"}


# --- settings ------------------------------------------------------------------------------

SETUP_DJANGO = "import django; django.setup(); print('started')"


@pytest.mark.parametrize("secret_key", ["", None], ids=["empty", "unset"])
def test_production_settings_refuse_to_start_without_secret_key(secret_key):
    if secret_key is None and (ROOT / ".env").exists():
        pytest.skip(".env exists and may set SECRET_KEY; the empty case covers the rule")
    env = clean_env(DEBUG="false", DJANGO_SETTINGS_MODULE="jena_smart.settings")
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key

    result = run_python(["-c", SETUP_DJANGO], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr
    assert "started" not in result.stdout


def test_embedded_default_starts_without_any_variable_but_debug():
    if (ROOT / ".env").exists():
        pytest.skip(".env exists and may choose another database")
    env = clean_env(DEBUG="true", DJANGO_SETTINGS_MODULE="jena_smart.settings")

    result = run_python(
        [
            "-c",
            SETUP_DJANGO + "; from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)",
        ],
        env,
    )

    assert result.returncode == 0, result.stderr
    assert "django.db.backends.sqlite3 True" in result.stdout
    assert "console" in result.stdout


def test_deploy_check_passes_with_the_documented_production_env():
    result = run_python(
        [
            "scripts/with_production_env.py",
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        clean_env(),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_collectstatic_succeeds_with_the_production_storage():
    """The Dockerfile collects static files at build time with the manifest storage,
    which fails on any CSS url() pointing at a missing file. The output is the one the
    two-node shape serves (tests/production/script.py): whichever of the two tests comes
    first collects, under a lock, and the other finds it made from the same sources."""
    production_local = script.load()
    static_root = script.STATIC_ROOT
    with production_local.static_root_lock(static_root):
        fingerprint = production_local.static_sources_fingerprint()
        if not production_local.static_is_current(static_root, fingerprint):
            env = clean_env(
                DEBUG="false",
                SECRET_KEY="build-only-key-" + "x" * 50,
                DJANGO_SETTINGS_MODULE="jena_smart.settings",
                STATIC_ROOT=str(static_root),
            )
            result = run_python(["manage.py", "collectstatic", "--noinput", "-v", "1"], env)
            assert result.returncode == 0, result.stdout + result.stderr
            production_local.mark_static_current(static_root, fingerprint)

    assert (static_root / "staticfiles.json").is_file()
    assert (static_root / "vendor" / "kern" / "kern.min.css").is_file()


def test_readme_and_env_example_document_every_variable_the_settings_read():
    source = (ROOT / "jena_smart" / "settings.py").read_text()
    read = set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"} <= read

    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]+)`", readme, flags=re.MULTILINE))
    assert read - documented == set(), "add these to the table in README.md"

    example = (ROOT / ".env.example").read_text()
    example_keys = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    compose_only = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}
    assert example_keys - read - compose_only == set(), ".env.example names unknown variables"
    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= example_keys


# --- the frame -----------------------------------------------------------------------------

LEGAL_PAGES = ["pages:impressum", "pages:datenschutz", "pages:barrierefreiheit"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", LEGAL_PAGES)
@pytest.mark.parametrize("language", ["de", "en"])
def test_legal_pages_answer_in_german_and_english(client, name, language):
    with translation.override(language):
        url = reverse(name)
    assert url.startswith("/en/") == (language == "en")

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert Tags(html).find_all("html")[0]["lang"] == language
    assert "<h1" in html


@pytest.mark.django_db
def test_start_page_has_skip_link_landmarks_and_footer(client):
    response = client.get("/")

    assert response.status_code == 200
    tags = Tags(response.content.decode())
    assert tags.find_all("html")[0]["lang"] == "de"
    body_index = next(i for i, (t, _) in enumerate(tags.tags) if t == "body")
    first_link = next(a for t, a in tags.tags[body_index:] if t == "a")
    assert first_link["href"] == "#main", "the skip link must be the first link of the page"
    assert len(tags.find_all("main", id="main")) == 1
    navs = tags.find_all("nav")
    assert navs and all(nav.get("aria-label") for nav in navs), "every <nav> needs a label"
    assert tags.find_all("header") and tags.find_all("footer")
    assert tags.find_all("meta", name="viewport")


@pytest.mark.django_db
def test_start_page_offers_the_other_language_and_sign_in(client):
    tags = Tags(client.get("/").content.decode())

    english = tags.find_all("a", hreflang="en")
    assert english and english[0]["href"].startswith("/en/")
    assert any(a["href"].startswith(reverse("account_login")) for a in tags.find_all("a"))


@pytest.mark.django_db
def test_login_page_renders_inside_the_site_frame(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    html = response.content.decode()
    tags = Tags(html)
    assert tags.find_all("main", id="main"), "allauth pages must extend the site's base.html"
    assert tags.find_all("a", href="#main")
    assert tags.find_all("footer")
    assert tags.find_all("link", rel="stylesheet")
    assert tags.find_all("input", type="password")
    assert tags.find_all("form", method="post")


# --- templates stay ready for a strict Content-Security-Policy ------------------------------

CSP_RULES = [
    (re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.I), "<script> without src="),
    (re.compile(r"<script\b[^>]*application/json", re.I), "<script type=application/json>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"<[a-z][^<>]*\sstyle\s*=", re.I | re.S), "style= attribute"),
    (re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=", re.I | re.S), "inline event handler (on...=)"),
    (re.compile(r"""=\s*["']\s*javascript:""", re.I), "javascript: URL"),
]


def project_template_files() -> list[Path]:
    dirs = [ROOT / "templates"]
    for app_dir in ("jena_smart", "measures", "projects", "participation"):
        dirs += [p for p in (ROOT / app_dir).rglob("templates") if p.is_dir()]
    return sorted(f for d in dirs for f in d.rglob("*") if f.suffix in {".html", ".txt"})


def test_no_template_has_inline_script_or_style():
    files = project_template_files()
    assert ROOT / "templates" / "base.html" in files

    violations = []
    for path in files:
        text = path.read_text()
        for pattern, what in CSP_RULES:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                violations.append(f"{path.relative_to(ROOT)}:{line}: {what}")

    assert violations == []


# --- static files come from the site itself ------------------------------------------------


def fetch_static(path: str) -> tuple[str, dict[str, str], bytes]:
    """GET ``path`` through the static-files handler that runserver and live_server use."""
    handler = StaticFilesHandler(get_wsgi_application())
    environ: dict = {}
    setup_testing_defaults(environ)
    environ.update(PATH_INFO=path, HTTP_HOST="testserver", REQUEST_METHOD="GET")
    result: dict = {}

    def start_response(status, headers, exc_info=None):
        result["status"], result["headers"] = status, dict(headers)

    response = handler(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        if hasattr(response, "close"):
            response.close()
    return result["status"], result["headers"], body


def test_kern_assets_are_found_by_the_static_finders():
    for path in [
        "vendor/kern/kern.min.css",
        "css/fonts.css",
        "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2",
        "vendor/markercluster/leaflet.markercluster.js",
        "leaflet/leaflet.js",
    ]:
        assert finders.find(path), f"{path} is not found: run `npm ci` (make setup)"


@pytest.mark.django_db
def test_stylesheets_of_the_frame_and_everything_they_reference_are_served(client):
    tags = Tags(client.get("/").content.decode())
    stylesheets = [a["href"] for a in tags.find_all("link", rel="stylesheet")]
    assert any(href.endswith("vendor/kern/kern.min.css") for href in stylesheets)

    checked = 0
    for href in stylesheets:
        assert href.startswith(settings.STATIC_URL), f"{href} is not served by the site"
        status, headers, body = fetch_static(href)
        assert status.startswith("200"), f"{href}: {status}"
        assert headers["Content-Type"].startswith("text/css")
        for ref in re.findall(r"""url\(\s*["']?([^"')]+)["']?\s*\)""", body.decode()):
            if ref.startswith(("data:", "#")):
                continue
            assert not urlsplit(ref).netloc, f"{href} loads {ref} from another host"
            target = normpath(f"{dirname(href)}/{urlsplit(ref).path}")
            ref_status, _, _ = fetch_static(target)
            assert ref_status.startswith("200"), f"{href} references {target}: {ref_status}"
            checked += 1
    assert checked >= 1, "expected the font files referenced by the font stylesheet"


# --- demo administrator (make run) ---------------------------------------------------------


@pytest.mark.django_db
def test_ensure_demo_admin_creates_then_resets_one_verified_superuser(settings, capsys):
    from allauth.account.models import EmailAddress

    settings.DEBUG = True
    call_command("ensure_demo_admin")
    user = get_user_model().objects.get(email="admin@jena-smart.example")
    user.set_password("changed-by-someone")
    user.is_superuser = False
    user.save()

    call_command("ensure_demo_admin")

    assert get_user_model().objects.filter(email="admin@jena-smart.example").count() == 1
    user.refresh_from_db()
    assert user.is_staff and user.is_superuser and user.is_active
    assert user.check_password("jena-smart-demo-admin")
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    assert "jena-smart-demo-admin" in capsys.readouterr().out


@pytest.mark.django_db
def test_demo_admin_can_sign_in_through_allauth(client, settings):
    settings.DEBUG = True
    call_command("ensure_demo_admin")

    response = client.post(
        reverse("account_login"),
        {"login": "admin@jena-smart.example", "password": "jena-smart-demo-admin"},
    )

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_ensure_demo_admin_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("ensure_demo_admin")


# --- Celery wiring -------------------------------------------------------------------------


def test_celery_app_knows_the_ping_task_and_runs_it_eagerly_without_redis(settings):
    from jena_smart.celery import app, ping

    assert "jena_smart.ping" in app.tasks
    if not settings.REDIS_URL:
        assert app.conf.task_always_eager
    assert ping.delay().get(timeout=5) == "pong"
