"""Run a command with the documented production environment (.env.example).

    python scripts/with_production_env.py python manage.py check --deploy --fail-level WARNING

The variables of .env.example replace those of the calling environment, so the check
sees exactly what a deployment configured from that file sees. .env.example leaves
SECRET_KEY empty on purpose (a copied file must not start with a known key); this script
puts in a fresh random one of 64 characters. Used by `make check`, `.ci/run` and the
tests.
"""

import os
import secrets
import sys
from pathlib import Path

import environ

ROOT = Path(__file__).resolve().parent.parent


def production_env(env_file: Path = ROOT / ".env.example") -> dict[str, str]:
    """The process environment as a deployment from ``env_file`` would have it."""
    saved = dict(os.environ)
    try:
        # The same parser settings.py uses for .env, so quoting rules cannot differ.
        environ.Env.read_env(env_file, overwrite=True)
        env = dict(os.environ)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests, never in production
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = secrets.token_urlsafe(48)
    return env


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    env = production_env()
    os.chdir(ROOT)
    os.execvpe(argv[0], argv, env)  # noqa: S606 - the command line comes from our callers


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
