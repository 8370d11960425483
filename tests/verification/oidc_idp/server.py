"""Start the test identity provider (this folder's Django project) for a test module: a
fresh folder with its SQLite file and an RSA key made now, ``manage.py idp_setup`` for
its tables, people and the one client, then gunicorn on a free port of 127.0.0.1.

Used by the fixtures of tests/verification/test_oidc.py and the browser journey; runs
in the test process, imports nothing of the identity provider itself."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = "tests.verification.oidc_idp.settings"
# Generous: a busy machine (the suite on every core) must not make a working identity
# provider look broken. It is ready in about two seconds.
START_TIMEOUT = 60


class IdentityProviderUnavailable(Exception):
    """The identity provider did not start (the reason says why)."""


@dataclass(frozen=True)
class IdentityProvider:
    issuer: str  # also the discovery base: <issuer>/.well-known/openid-configuration
    client_id: str
    client_secret: str
    folder: Path

    @property
    def origin(self) -> str:
        return self.issuer.rsplit("/o", 1)[0]

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rsa_key_pem() -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )


def _wait_until_ready(url: str, process: subprocess.Popen, folder: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            log = (folder / "server.log").read_text(errors="replace")[-2000:]
            raise IdentityProviderUnavailable(f"gunicorn exited with {process.returncode}: {log}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise IdentityProviderUnavailable(f"no answer from {url} in {START_TIMEOUT} s")
        time.sleep(0.1)


@contextmanager
def identity_provider(*, redirect_uris: list[str]) -> Iterator[IdentityProvider]:
    """The running identity provider; stopped (and its folder removed) afterwards.
    Raises IdentityProviderUnavailable when it does not start."""
    with tempfile.TemporaryDirectory(prefix="jena-test-idp-") as name:
        folder = Path(name)
        (folder / "oidc.key").write_bytes(_rsa_key_pem())
        port = free_port()
        provider = IdentityProvider(
            issuer=f"http://127.0.0.1:{port}/o",
            client_id=f"jena-smart-{secrets.token_hex(4)}",
            client_secret=secrets.token_urlsafe(24),
            folder=folder,
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "JENA_TEST_IDP_DIR": str(folder),
            "JENA_TEST_IDP_ISSUER": provider.issuer,
            "PYTHONPATH": str(ROOT),
        }
        setup = [
            sys.executable, "-m", "django", "idp_setup",
            # "=" form: a random secret may begin with "-", which argparse
            # would otherwise read as an option.
            f"--client-id={provider.client_id}",
            f"--client-secret={provider.client_secret}",
        ]
        for uri in redirect_uris:
            setup.append(f"--redirect-uri={uri}")
        try:
            done = subprocess.run(
                setup, env=env, cwd=ROOT, capture_output=True, text=True,
                timeout=START_TIMEOUT, check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise IdentityProviderUnavailable(f"idp_setup did not run: {exc}") from exc
        if done.returncode != 0:
            raise IdentityProviderUnavailable(f"idp_setup failed: {done.stderr[-2000:]}")
        with open(folder / "server.log", "wb") as log:
            try:
                process = subprocess.Popen(
                    [
                        sys.executable, "-m", "gunicorn", "tests.verification.oidc_idp.wsgi",
                        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
                        "--access-logfile", "-", "--log-level", "warning",
                    ],
                    env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                )
            except OSError as exc:
                raise IdentityProviderUnavailable(f"gunicorn did not start: {exc}") from exc
            try:
                _wait_until_ready(
                    f"{provider.issuer}/.well-known/openid-configuration", process, folder
                )
                yield provider
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
