"""Backup and restore of everything the site keeps: the database and the uploaded files
(``manage.py backup`` / ``manage.py restore FOLDER``; README "Backup and restore").

A backup is one folder::

    <BACKUP_ROOT>/<UTC time, e.g. 20261126T052100Z>/
        manifest.json        what it holds, written last (see ``backup_create``)
        database.dump        PostgreSQL: pg_dump's custom format
        database.sqlite3     SQLite (the embedded default): a copy by SQLite's backup API
        files/public/...     every object of the public storage ("default"), by its name
        files/private/...    every object of the private storage

**Consistency.** On PostgreSQL the row counts, the migration state and the names the rows
refer to are read in the same snapshot that pg_dump dumps (a REPEATABLE READ transaction
exports it, ``pg_dump --snapshot``); on SQLite they are read from the copy. The files
are copied after the database: a file uploaded meanwhile is an extra file (harmless),
a file deleted meanwhile is missing and named in the manifest (``missing_files``).

**Restore** checks the backup's own checksums before it changes anything, replaces the
database in one transaction (PostgreSQL: drop every table, then pg_restore's script,
through ``psql --single-transaction``; SQLite: SQLite's backup API onto the file), puts
every file back (creating a missing bucket), and then compares the result with the
manifest: row count of every table, the migration state, size and SHA-256 of every file.
Files in the storages that the backup does not hold are left alone and counted.

Errors the operator can act on are ``BackupError`` with a translated message; the
commands turn them into ``CommandError`` (exit status 1, no traceback).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections, transaction
from django.utils.translation import gettext as _

from core.media_copy import sources

FORMAT = "jena-smart-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PG_DUMP_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"
# Storage alias (settings.STORAGES) -> folder of its copies in the backup.
STORAGE_FOLDERS = {"default": "files/public", "private": "files/private"}
CHUNK = 1024 * 1024
# psql/pg_restore: no notices ("does not exist, skipping"), and do not wait for ever
# behind a site that still holds its tables.
PG_OPTIONS = "-c client_min_messages=warning -c lock_timeout=60s"

Progress = Callable[[str], None]


class BackupError(Exception):
    """Something the operator must fix; the message says what (translated)."""


# --- Small helpers ---------------------------------------------------------------------------


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_hashing(source, target: Path) -> tuple[int, str]:
    """Copy a binary file object to ``target``: (size, sha256)."""
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def _safe_key(key: str) -> str:
    """A stored name as a relative path inside the backup; refuses names that would
    leave it (``..``, absolute) — from a storage or from a manifest alike."""
    path = PurePosixPath(key)
    if not key or path.is_absolute() or ".." in path.parts or "\\" in key:
        raise BackupError(_("Unzulässiger Dateiname: %(key)s") % {"key": key})
    return str(path)


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


# --- The uploaded files -----------------------------------------------------------------------


class StorageFiles:
    """One storage of uploads (``settings.STORAGES[alias]``) as backup and restore see
    it: a folder (FileSystemStorage), a bucket (django-storages' S3Storage, through its
    boto3 client) or any other Django storage (through the storage API only)."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.storage = storages[alias]
        self.missing = False  # a bucket that does not exist yet (check())
        if isinstance(self.storage, FileSystemStorage):
            self.kind = "filesystem"
        elif hasattr(self.storage, "bucket_name") and hasattr(self.storage, "connection"):
            self.kind = "s3"
        else:
            self.kind = "other"

    def describe(self) -> dict:
        if self.kind == "filesystem":
            return {"kind": self.kind, "location": str(self.storage.location)}
        if self.kind == "s3":
            return {
                "kind": self.kind,
                "bucket": self.storage.bucket_name,
                "endpoint_url": self.storage.endpoint_url or "",
            }
        return {"kind": self.kind, "backend": type(self.storage).__name__}

    @property
    def label(self) -> str:
        where = self.describe()
        return where.get("bucket") or where.get("location") or where["backend"]

    # S3 ---------------------------------------------------------------------------------

    @property
    def _client(self):
        return self.storage.connection.meta.client

    def _s3_error(self, exc: Exception) -> BackupError:
        from botocore.exceptions import ClientError

        endpoint = self.storage.endpoint_url or "AWS S3"
        if isinstance(exc, ClientError):
            return BackupError(
                _("Objektspeicher %(endpoint)s, Bucket „%(bucket)s“: %(error)s")
                % {"endpoint": endpoint, "bucket": self.storage.bucket_name, "error": exc}
            )
        return BackupError(
            _("Objektspeicher %(endpoint)s nicht erreichbar: %(error)s")
            % {"endpoint": endpoint, "error": exc}
        )

    def _s3_call(self, call: Callable, *args, **kwargs):
        """A boto3 call; failures to reach the object storage become BackupError."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return call(*args, **kwargs)
        except (BotoCoreError, ClientError) as exc:
            raise self._s3_error(exc) from exc

    @staticmethod
    def _not_found(exc) -> bool:
        return exc.response.get("Error", {}).get("Code") in {
            "404",
            "NoSuchKey",
            "NoSuchBucket",
            "NotFound",
        }

    def _prefix(self) -> str:
        location = (getattr(self.storage, "location", "") or "").strip("/")
        return f"{location}/" if location else ""

    # The operations ------------------------------------------------------------------------

    def check(self) -> None:
        """Refuse early when the storage cannot be reached. A bucket that does not exist
        yet is empty (the site makes it at its first upload)."""
        if self.kind == "s3":
            from botocore.exceptions import BotoCoreError, ClientError

            try:
                self._client.head_bucket(Bucket=self.storage.bucket_name)
            except ClientError as exc:
                if not self._not_found(exc):
                    raise self._s3_error(exc) from exc
                self.missing = True
            except BotoCoreError as exc:
                raise self._s3_error(exc) from exc

    def keys(self) -> Iterator[str]:
        if self.kind == "s3":
            if self.missing:
                return
            prefix = self._prefix()
            paginator = self._client.get_paginator("list_objects_v2")
            pages = paginator.paginate(Bucket=self.storage.bucket_name, Prefix=prefix)
            for page in self._s3_call(list, pages):
                for item in page.get("Contents", []):
                    if not item["Key"].endswith("/"):
                        yield item["Key"][len(prefix) :]
        elif self.kind == "filesystem":
            root = Path(self.storage.location)
            if root.is_dir():
                for path in root.rglob("*"):
                    if path.is_file():
                        yield path.relative_to(root).as_posix()
        else:
            yield from self._walk("")

    def _walk(self, folder: str) -> Iterator[str]:
        dirs, files = self.storage.listdir(folder)
        for name in files:
            yield f"{folder}/{name}" if folder else name
        for name in dirs:
            yield from self._walk(f"{folder}/{name}" if folder else name)

    def copy_out(self, key: str, target: Path) -> tuple[int, str]:
        if self.kind == "s3":
            response = self._s3_call(
                self._client.get_object,
                Bucket=self.storage.bucket_name,
                Key=self._prefix() + key,
            )
            with contextlib.closing(response["Body"]) as body:
                return self._s3_call(_copy_hashing, body, target)
        with self.storage.open(key, "rb") as handle:
            return _copy_hashing(handle, target)

    def digest(self, key: str) -> tuple[int, str] | None:
        """(size, sha256) of what the storage holds under ``key``; None when nothing."""
        if self.kind == "s3":
            from botocore.exceptions import BotoCoreError, ClientError

            try:
                response = self._client.get_object(
                    Bucket=self.storage.bucket_name, Key=self._prefix() + key
                )
            except ClientError as exc:
                if self._not_found(exc):
                    return None
                raise self._s3_error(exc) from exc
            except BotoCoreError as exc:
                raise self._s3_error(exc) from exc
            body = response["Body"]
        else:
            if not self.storage.exists(key):
                return None
            body = self.storage.open(key, "rb")
        digest, size = hashlib.sha256(), 0
        with contextlib.closing(body):
            while chunk := body.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
        return size, digest.hexdigest()

    def ensure(self) -> bool:
        """Make the bucket (or folder) exist; True when it had to be created."""
        if self.kind == "s3":
            from botocore.exceptions import BotoCoreError, ClientError

            bucket = self.storage.bucket_name
            try:
                self._client.head_bucket(Bucket=bucket)
                return False
            except ClientError as exc:
                if not self._not_found(exc):
                    raise self._s3_error(exc) from exc
            except BotoCoreError as exc:
                raise self._s3_error(exc) from exc
            region = self.storage.region_name
            options = {"Bucket": bucket}
            if region and region != "us-east-1":
                options["CreateBucketConfiguration"] = {"LocationConstraint": region}
            self._s3_call(self._client.create_bucket, **options)
            return True
        if self.kind == "filesystem":
            root = Path(self.storage.location)
            created = not root.exists()
            root.mkdir(parents=True, exist_ok=True)
            return created
        return False

    def put(self, key: str, source: Path) -> None:
        """Store ``source`` under exactly ``key``, replacing what is there."""
        if self.kind == "s3":
            name = self._prefix() + key
            self._s3_call(
                self._client.upload_file,
                str(source),
                self.storage.bucket_name,
                name,
                ExtraArgs=self.storage._get_write_parameters(name),
            )
        elif self.kind == "filesystem":
            target = Path(self.storage.path(key))
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
                with source.open("rb") as handle:
                    shutil.copyfileobj(handle, tmp, CHUNK)
            os.replace(tmp.name, target)
            mode = self.storage.file_permissions_mode
            os.chmod(target, mode if mode is not None else 0o644)
        else:
            if self.storage.exists(key):
                self.storage.delete(key)
            with source.open("rb") as handle:
                stored = self.storage.save(key, File(handle, name=key))
            if stored != key:
                raise BackupError(
                    _("Gespeichert als %(stored)s statt %(key)s") % {"stored": stored, "key": key}
                )


# --- The database -------------------------------------------------------------------------------


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _read_state(connection, cursor, tables: list[str]) -> tuple[dict, dict]:
    """(row count per table, applied migrations per app) as ``cursor`` sees them."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(connection, table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return counts, migrations


def _referenced_names() -> dict[str, list[str]]:
    """The stored names the rows refer to, per storage alias (the database's view)."""
    return {
        source.alias: list(source.names)
        for source in sources(
            media_root=Path(settings.MEDIA_ROOT), private_root=Path(settings.PRIVATE_ROOT)
        )
    }


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program (``PG_BIN_DIR``, else ``PATH``)."""
    folder = getattr(settings, "PG_BIN_DIR", "") or None
    found = shutil.which(name, path=str(folder) if folder else None)
    if not found:
        where = str(folder) if folder else "PATH"
        raise BackupError(
            _(
                "%(tool)s nicht gefunden (gesucht in %(where)s). Installieren Sie den "
                "PostgreSQL-Client in der Version des Servers (Debian: apt-get install "
                "postgresql-client-%(major)s) oder nennen Sie seinen Ordner in PG_BIN_DIR."
            )
            % {"tool": name, "where": where, "major": _server_major_or_x()}
        )
    return found


def _server_major_or_x() -> str:
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return "NN"
    try:
        connection.ensure_connection()
        return str(connection.pg_version // 10000)
    except Exception:  # noqa: BLE001 - only for a hint in a message
        return "NN"


def tool_major(path: str) -> int:
    """The major version of a PostgreSQL client program (``pg_dump (PostgreSQL) 15.20``)."""
    try:
        output = subprocess.run(  # noqa: S603 - a fixed PostgreSQL program
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise BackupError(
            _("%(tool)s --version schlug fehl: %(error)s") % {"tool": path, "error": exc}
        ) from exc
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if not match:
        raise BackupError(
            _("Version von %(tool)s nicht erkannt: %(output)s")
            % {"tool": path, "output": output.strip()}
        )
    return int(match.group(1))


def pg_environment(connection) -> dict[str, str]:
    """libpq's variables for the site's database (the password never on a command line)."""
    params = connection.settings_dict
    env = {**os.environ, "PGOPTIONS": PG_OPTIONS, "PGAPPNAME": "jena-smart-backup"}
    values = {
        "PGHOST": params.get("HOST") or "",
        "PGPORT": str(params.get("PORT") or ""),
        "PGUSER": params.get("USER") or "",
        "PGPASSWORD": params.get("PASSWORD") or "",
        "PGDATABASE": params.get("NAME") or "",
        "PGSSLMODE": (params.get("OPTIONS") or {}).get("sslmode", ""),
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def _database_problem(connection) -> BackupError:
    return BackupError(
        _("Datenbank %(name)s nicht erreichbar.") % {"name": connection.settings_dict["NAME"]}
    )


@dataclass
class DatabaseCopy:
    vendor: str
    file: str
    tables: dict[str, int]
    migrations: dict[str, list[str]]
    referenced: dict[str, list[str]]
    details: dict = field(default_factory=dict)


def _postgres_dump(connection, target: Path) -> DatabaseCopy:
    pg_dump = pg_tool("pg_dump")
    client = tool_major(pg_dump)
    try:
        connection.ensure_connection()
    except Exception as exc:
        raise _database_problem(connection) from exc
    server_version = connection.pg_version
    server = server_version // 10000
    # pg_dump reads servers of its own major version and older ones, never newer ones.
    if client < server:
        raise BackupError(
            _(
                "pg_dump %(client)s kann den PostgreSQL-Server %(server)s nicht sichern: "
                "installieren Sie postgresql-client-%(server)s (oder nennen Sie seinen "
                "Ordner in PG_BIN_DIR)."
            )
            % {"client": client, "server": server}
        )
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        counts, migrations = _read_state(connection, cursor, tables)
        referenced = _referenced_names()
        # Dump while the snapshot is held (the transaction above stays open).
        result = subprocess.run(  # noqa: S603 - pg_dump with fixed options
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            env=pg_environment(connection),
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        raise BackupError(
            _("pg_dump schlug fehl (Exit-Status %(code)s):\n%(stderr)s")
            % {"code": result.returncode, "stderr": _tail(result.stderr)}
        )
    return DatabaseCopy(
        vendor="postgresql",
        file=PG_DUMP_FILE,
        tables=counts,
        migrations=migrations,
        referenced=referenced,
        details={
            "name": connection.settings_dict["NAME"],
            "server_version": server_version,
            "pg_dump_major": client,
        },
    )


def _sqlite_copy(connection, target: Path) -> DatabaseCopy:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("Eine SQLite-Datenbank im Arbeitsspeicher lässt sich nicht sichern."))
    if not Path(name).is_file():  # connecting would create an empty one
        raise BackupError(_("Die SQLite-Datenbank %(name)s gibt es nicht.") % {"name": name})
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # SQLite's online backup: a consistent copy, even while the site writes.
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts, migrations = _read_state(connection, cursor, tables)
    finally:
        copy.close()
    return DatabaseCopy(
        vendor="sqlite",
        file=SQLITE_FILE,
        tables=counts,
        migrations=migrations,
        referenced=_referenced_names(),
        details={"name": Path(name).name, "sqlite_version": sqlite3.sqlite_version},
    )


def database_state(connection) -> tuple[dict, dict]:
    """(row count per table, applied migrations) of the site's database now."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return _read_state(connection, cursor, tables)


# --- Backup ----------------------------------------------------------------------------------


def _timestamp() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _new_folder(root: Path) -> Path:
    stamp = _timestamp()
    candidate, number = root / stamp, 1
    while candidate.exists() or candidate.with_name(candidate.name + ".partial").exists():
        number += 1
        candidate = root / f"{stamp}-{number}"
    return candidate


def backup_create(*, root: Path, progress: Progress = lambda line: None) -> tuple[Path, dict]:
    """Make a backup under ``root``: (its folder, the manifest).

    Built in ``<folder>.partial`` and renamed when the manifest is written, so a folder
    without that suffix is always complete; a failed run leaves nothing behind."""
    started = time.monotonic()
    connection = connections["default"]
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise BackupError(
            _("Datenbank %(vendor)s wird nicht unterstützt.") % {"vendor": connection.vendor}
        )
    file_storages = [StorageFiles(alias) for alias in STORAGE_FOLDERS]
    for files in file_storages:
        files.check()  # an unreachable bucket fails before the dump, not after it
    root.mkdir(parents=True, exist_ok=True)
    folder = _new_folder(root)
    work = folder.with_name(folder.name + ".partial")
    work.mkdir(mode=0o700)  # personal data: for the site's user only
    try:
        progress(_("Datenbank (%(vendor)s) …") % {"vendor": connection.vendor})
        if connection.vendor == "postgresql":
            database = _postgres_dump(connection, work / PG_DUMP_FILE)
        else:
            database = _sqlite_copy(connection, work / SQLITE_FILE)
        if not database.tables:
            raise BackupError(
                _("Die Datenbank hat keine Tabellen: nichts zu sichern (manage.py migrate?).")
            )
        dump = work / database.file
        storages_manifest = {}
        missing = []
        for files in file_storages:
            progress(_("Dateien: %(label)s …") % {"label": files.label})
            entries = []
            for key in sorted(files.keys()):
                target = work / STORAGE_FOLDERS[files.alias] / _safe_key(key)
                size, sha = files.copy_out(key, target)
                entries.append({"key": key, "size": size, "sha256": sha})
            held = {entry["key"] for entry in entries}
            missing += [
                {"storage": files.alias, "key": key}
                for key in database.referenced.get(files.alias, [])
                if key not in held
            ]
            storages_manifest[files.alias] = {
                **files.describe(),
                "folder": STORAGE_FOLDERS[files.alias],
                "files": entries,
                "count": len(entries),
                "bytes": sum(entry["size"] for entry in entries),
            }
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": {
                "vendor": database.vendor,
                "file": database.file,
                "size": dump.stat().st_size,
                "sha256": _sha256_of(dump),
                **database.details,
            },
            "tables": database.tables,
            "rows": sum(database.tables.values()),
            "migrations": database.migrations,
            "storages": storages_manifest,
            "missing_files": missing,
            "seconds": round(time.monotonic() - started, 2),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        work.rename(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return folder, manifest


# --- Restore ---------------------------------------------------------------------------------


def manifest_read(folder: Path) -> dict:
    """The manifest of a backup folder; BackupError when the folder is not a backup."""
    if not folder.is_dir():
        raise BackupError(_("%(folder)s ist kein Ordner.") % {"folder": folder})
    path = folder / MANIFEST
    if not path.is_file():
        hint = ""
        if folder.name.endswith(".partial"):
            hint = " " + _("Die Sicherung wurde nicht fertig.")
        raise BackupError(
            _("%(folder)s ist keine Sicherung: %(manifest)s fehlt.")
            % {"folder": folder, "manifest": MANIFEST}
            + hint
        )
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(
            _("%(path)s ist nicht lesbar: %(error)s") % {"path": path, "error": exc}
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("%(folder)s ist keine Sicherung von Jena Smart.") % {"folder": folder})
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            _("Sicherungsformat %(version)s wird nicht unterstützt (erwartet %(expected)s).")
            % {"version": manifest.get("version"), "expected": FORMAT_VERSION}
        )
    try:
        _safe_key(manifest["database"]["file"])
        manifest["database"]["vendor"], manifest["database"]["sha256"]
        dict(manifest["tables"]), dict(manifest["migrations"])
        for alias, entry in manifest["storages"].items():
            if alias not in STORAGE_FOLDERS:
                raise KeyError(alias)
            _safe_key(entry["folder"])
            for item in entry["files"]:
                _safe_key(item["key"]), int(item["size"]), str(item["sha256"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackupError(
            _("%(path)s ist unvollständig oder fehlerhaft (%(error)r).")
            % {"path": path, "error": exc}
        ) from exc
    return manifest


def backup_check(folder: Path, manifest: dict) -> list[str]:
    """What in the backup folder differs from its manifest (empty: intact)."""
    problems = []
    database = manifest["database"]
    dump = folder / database["file"]
    if not dump.is_file():
        problems.append(_("Datenbankdatei %(file)s fehlt") % {"file": database["file"]})
    elif _sha256_of(dump) != database["sha256"]:
        problems.append(_("Datenbankdatei %(file)s: Prüfsumme falsch") % {"file": database["file"]})
    for entry in manifest["storages"].values():
        for item in entry["files"]:
            path = folder / entry["folder"] / _safe_key(item["key"])
            if not path.is_file():
                problems.append(_("%(key)s fehlt in der Sicherung") % {"key": item["key"]})
            elif path.stat().st_size != item["size"] or _sha256_of(path) != item["sha256"]:
                problems.append(_("%(key)s: Prüfsumme falsch") % {"key": item["key"]})
    return problems


def target_tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _postgres_restore(connection, dump: Path, manifest: dict) -> None:
    pg_restore, psql = pg_tool("pg_restore"), pg_tool("psql")
    made_by = manifest["database"].get("pg_dump_major", 0)
    if tool_major(pg_restore) < made_by:
        raise BackupError(
            _("Die Sicherung stammt von pg_dump %(made)s; pg_restore %(have)s ist zu alt.")
            % {"made": made_by, "have": tool_major(pg_restore)}
        )
    # Drop what is there (also tables a newer migration made), then the dump: one
    # transaction, so a failure leaves the database as it was.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
            "AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
        )
        present = cursor.fetchall()
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
    drops = "".join(
        f"DROP {kinds[kind]} IF EXISTS {_quote(connection, name)} CASCADE;\n"
        for name, kind in sorted(present, key=lambda item: item[1] == "S")
    )
    connection.close()
    env = pg_environment(connection)
    with tempfile.TemporaryFile() as psql_err, tempfile.TemporaryFile() as restore_err:
        apply = subprocess.Popen(  # noqa: S603 - psql with fixed options
            [
                psql,
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                "--file=-",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_err,
            env=env,
        )
        script = subprocess.Popen(  # noqa: S603 - pg_restore with fixed options
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-acl", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_err,
            env=env,
        )
        try:
            apply.stdin.write(drops.encode())
            shutil.copyfileobj(script.stdout, apply.stdin, CHUNK)
        except BrokenPipeError:
            pass  # psql stopped at an error: its status and stderr say which
        finally:
            with contextlib.suppress(BrokenPipeError):
                apply.stdin.close()
            script.stdout.close()
        script_status, apply_status = script.wait(), apply.wait()
        if script_status or apply_status:
            psql_err.seek(0)
            restore_err.seek(0)
            detail = _tail(
                restore_err.read().decode(errors="replace")
                + "\n"
                + psql_err.read().decode(errors="replace")
            )
            raise BackupError(
                _(
                    "Die Datenbank wurde nicht wiederhergestellt (pg_restore %(restore)s, "
                    "psql %(psql)s); sie ist unverändert:\n%(detail)s"
                )
                % {"restore": script_status, "psql": apply_status, "detail": detail}
            )


def _sqlite_restore(connection, copy: Path) -> None:
    name = Path(connection.settings_dict["NAME"])
    connection.close()
    name.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    target = sqlite3.connect(name)
    try:
        source.backup(target)  # replaces every page of the target, in one go
    finally:
        target.close()
        source.close()


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    buckets_created: list[str] = field(default_factory=list)
    extra_files: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unapplied_migrations: int = 0
    seconds: float = 0.0


def _code_migrations_unapplied(connection) -> int:
    """How many migrations of the code the restored database lacks (``migrate``'s plan)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def restore(
    *, folder: Path, replace: bool, progress: Progress = lambda line: None
) -> RestoreReport:
    """Put the backup in ``folder`` back: database, files, then the comparison with the
    manifest. ``replace``: the database may hold tables (they are dropped)."""
    started = time.monotonic()
    manifest = manifest_read(folder)
    progress(_("Sicherung prüfen …"))
    damaged = backup_check(folder, manifest)
    if damaged:
        raise BackupError(
            _("Die Sicherung ist beschädigt; nichts wurde verändert:\n%(problems)s")
            % {"problems": "\n".join(f"  {line}" for line in damaged[:20])}
        )
    connection = connections["default"]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            _(
                "Die Sicherung ist eine %(backup)s-Datenbank, eingestellt ist %(target)s "
                "(DATABASE_URL)."
            )
            % {"backup": vendor, "target": connection.vendor}
        )
    file_storages = [StorageFiles(alias) for alias in manifest["storages"]]
    try:
        present = target_tables(connection)
    except Exception as exc:
        raise _database_problem(connection) from exc
    if present and not replace:
        raise BackupError(
            _(
                "Die Datenbank %(name)s ist nicht leer (%(count)d Tabellen). Die "
                "Wiederherstellung ersetzt sie vollständig; dazu mit --yes aufrufen."
            )
            % {"name": connection.settings_dict["NAME"], "count": len(present)}
        )
    report = RestoreReport()
    for files in file_storages:  # reachable before the database is touched
        if files.ensure():
            report.buckets_created.append(files.label)

    progress(_("Datenbank (%(vendor)s) …") % {"vendor": vendor})
    dump = folder / manifest["database"]["file"]
    if vendor == "postgresql":
        _postgres_restore(connection, dump, manifest)
    else:
        _sqlite_restore(connection, dump)

    for files in file_storages:
        entry = manifest["storages"][files.alias]
        progress(_("Dateien: %(label)s …") % {"label": files.label})
        for item in entry["files"]:
            files.put(item["key"], folder / entry["folder"] / _safe_key(item["key"]))

    progress(_("Vergleich mit dem Manifest …"))
    counts, migrations = database_state(connection)
    expected = manifest["tables"]
    for table in sorted(set(expected) | set(counts)):
        if table not in counts:
            report.problems.append(_("Tabelle %(table)s fehlt") % {"table": table})
        elif table not in expected:
            report.problems.append(
                _("Tabelle %(table)s ist nicht in der Sicherung") % {"table": table}
            )
        elif counts[table] != expected[table]:
            report.problems.append(
                _("Tabelle %(table)s: %(now)d Zeilen statt %(expected)d")
                % {"table": table, "now": counts[table], "expected": expected[table]}
            )
    if migrations != manifest["migrations"]:
        report.problems.append(_("Der Migrationsstand weicht von der Sicherung ab"))
    for files in file_storages:
        entry = manifest["storages"][files.alias]
        wanted = {item["key"]: item for item in entry["files"]}
        for key, item in wanted.items():
            found = files.digest(key)
            if found is None:
                report.problems.append(
                    _("%(key)s fehlt in %(label)s") % {"key": key, "label": files.label}
                )
            elif found != (item["size"], item["sha256"]):
                report.problems.append(
                    _("%(key)s in %(label)s: Prüfsumme falsch") % {"key": key, "label": files.label}
                )
        report.files[files.alias] = len(wanted)
        report.bytes += sum(item["size"] for item in wanted.values())
        report.extra_files[files.alias] = sum(1 for key in files.keys() if key not in wanted)
    report.tables = len(counts)
    report.rows = sum(counts.values())
    report.unapplied_migrations = _code_migrations_unapplied(connection)
    report.seconds = time.monotonic() - started
    return report
