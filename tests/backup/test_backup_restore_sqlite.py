"""The drill on the embedded default (make run: SQLite and local folders), and what
backup and restore refuse, each with a clear message and never a traceback: a database
that is not empty (without --yes), a folder that is not a backup, a damaged backup, an
object storage that does not answer, a missing or too old pg_dump."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat

import pytest
from django.core.management import CommandError, call_command

from jena_smart.storage_settings import ObjectStorage
from tests.backup.drill import Site, backup_folder, folder_files, sha256, site_environment

# Users, a report whose PDF is in PRIVATE_ROOT, idea photos in MEDIA_ROOT (not all of
# them referenced by a row: the backup copies what the storage holds), and a second
# report whose PDF is gone from the disk (named in the manifest).
SQLITE_DATA = """
import datetime
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from core.storage import private_storage
from reports.models import StatusReport

call_command("migrate", interactive=False, verbosity=0)
for n in range(3):
    get_user_model().objects.create_user(email=f"person{n}@example.org", password=None)
for n in range(3):
    default_storage.save(f"ideas/2026/05/foto-{n}.jpg", ContentFile(b"\\xff\\xd8 photo %d" % n))
pdf = private_storage().save("reports/bericht-1.pdf", ContentFile(b"%PDF-1.7 report"))
for name in (pdf, "reports/verloren.pdf"):
    StatusReport.objects.create(
        title=name, period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 6, 30),
        as_of=datetime.date(2026, 6, 30), state=StatusReport.State.PUBLISHED, pdf=name,
    )
"""


def _rows(path) -> dict[str, list]:
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"')))  # noqa: S608
            for table in sorted(tables)
        }
    finally:
        connection.close()


@pytest.fixture
def local_site(tmp_path):
    work = tmp_path
    site = Site(
        site_environment(
            DATABASE_URL=f"sqlite:///{work / 'site.sqlite3'}",
            MEDIA_ROOT=str(work / "media"),
            PRIVATE_ROOT=str(work / "private"),
            BACKUP_ROOT=str(work / "backups"),
        )
    )
    site.work = work
    site.manage("shell", "-c", SQLITE_DATA)
    return site


@pytest.fixture
def local_backup(local_site):
    made = local_site.manage("backup")
    local_site.backup_stderr = made.stderr
    return backup_folder(made.stdout)


def _local_state(site) -> dict:
    return {
        "rows": _rows(site.work / "site.sqlite3"),
        "media": folder_files(site.work / "media"),
        "private": folder_files(site.work / "private"),
    }


def test_embedded_site_comes_back_identical_and_a_second_restore_needs_yes(
    local_site, local_backup
):
    manifest = json.loads((local_backup / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == "sqlite"
    assert stat.S_IMODE(local_backup.stat().st_mode) == 0o700  # personal data inside
    assert manifest["storages"]["default"]["kind"] == "filesystem"
    assert manifest["storages"]["default"]["count"] == 3
    assert manifest["storages"]["private"]["count"] == 1
    assert manifest["missing_files"] == [{"storage": "private", "key": "reports/verloren.pdf"}]
    assert "reports/verloren.pdf" in local_site.backup_stderr
    before = _local_state(local_site)
    assert manifest["tables"] == {table: len(rows) for table, rows in before["rows"].items()}
    assert len(before["rows"]["users_user"]) == 3

    (local_site.work / "site.sqlite3").unlink()
    shutil.rmtree(local_site.work / "media")
    shutil.rmtree(local_site.work / "private")
    restored = local_site.manage("restore", str(local_backup))
    assert "Geprüft: alles wie in der Sicherung." in restored.stdout
    assert _local_state(local_site) == before

    refused = local_site.manage("restore", str(local_backup), check=False)
    assert refused.returncode == 1
    assert "ist nicht leer" in refused.stderr and "--yes" in refused.stderr
    assert "Traceback" not in refused.stderr
    # A file that appeared since stays; the database and the backed-up files are the backup's.
    (local_site.work / "media" / "neu.jpg").write_bytes(b"new")
    again = local_site.manage("restore", str(local_backup), "--yes")
    assert "1 Datei(en) im Speicher gehören nicht zur Sicherung" in again.stdout
    (local_site.work / "media" / "neu.jpg").unlink()
    assert _local_state(local_site) == before

    # The comparison with the manifest bites: a manifest that promises a row more than the
    # database holds ends the restore with exit status 1 and the difference.
    manifest["tables"]["users_user"] += 1
    (local_backup / "manifest.json").write_text(json.dumps(manifest))
    mismatch = local_site.manage("restore", str(local_backup), "--yes", check=False)
    assert mismatch.returncode == 1
    assert "1 Abweichung(en) vom Manifest" in mismatch.stderr
    assert "Tabelle users_user: 3 Zeilen statt 4" in mismatch.stderr
    assert "Traceback" not in mismatch.stderr


# --- Refusals, in this process (each is decided before the database is touched) ------------


def _restore_error(folder) -> str:
    with pytest.raises(CommandError) as error:
        call_command("restore", str(folder))
    return str(error.value)


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    assert "ist kein Ordner" in _restore_error(tmp_path / "nirgends")
    assert "ist keine Sicherung: manifest.json fehlt" in _restore_error(tmp_path)
    partial = tmp_path / "20261126T052100Z.partial"
    partial.mkdir()
    assert "Die Sicherung wurde nicht fertig." in _restore_error(partial)
    (tmp_path / "manifest.json").write_text("{kein json")
    assert "nicht lesbar" in _restore_error(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "etwas anderes"}))
    assert "keine Sicherung von Jena Smart" in _restore_error(tmp_path)


def _small_backup(folder):
    """A well-formed backup folder (a stand-in database file and two files) for the checks
    that refuse before the database is touched."""
    files = {"ideas/2026/05/foto-1.jpg": b"\xff\xd8 photo", "reports/bericht-1.pdf": b"%PDF"}
    (folder / "files" / "public" / "ideas" / "2026" / "05").mkdir(parents=True)
    (folder / "files" / "private" / "reports").mkdir(parents=True)
    (folder / "database.sqlite3").write_bytes(b"stand-in")
    folders = {"default": "files/public", "private": "files/private"}
    entries = {"default": [], "private": []}
    for key, data in files.items():
        alias = "default" if key.startswith("ideas") else "private"
        (folder / folders[alias] / key).write_bytes(data)
        entries[alias].append({"key": key, "size": len(data), "sha256": sha256(data)})
    manifest = {
        "format": "jena-smart-backup",
        "version": 1,
        "database": {"vendor": "sqlite", "file": "database.sqlite3", "sha256": sha256(b"stand-in")},
        "tables": {},
        "migrations": {},
        "storages": {
            alias: {"folder": folders[alias], "files": items} for alias, items in entries.items()
        },
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return manifest


def test_restore_refuses_a_backup_whose_names_leave_its_folder(tmp_path):
    manifest = _small_backup(tmp_path)
    manifest["storages"]["default"]["files"][0]["key"] = "../../etc/passwd"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    assert "Unzulässiger Dateiname" in _restore_error(tmp_path)


def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path):
    _small_backup(tmp_path)
    photo = tmp_path / "files" / "public" / "ideas" / "2026" / "05" / "foto-1.jpg"
    photo.write_bytes(photo.read_bytes() + b"!")
    (tmp_path / "files" / "private" / "reports" / "bericht-1.pdf").unlink()
    (tmp_path / "database.sqlite3").write_bytes(b"changed")
    message = _restore_error(tmp_path)
    assert "Die Sicherung ist beschädigt; nichts wurde verändert" in message
    assert "Datenbankdatei database.sqlite3: Prüfsumme falsch" in message
    assert "ideas/2026/05/foto-1.jpg: Prüfsumme falsch" in message
    assert "reports/bericht-1.pdf fehlt in der Sicherung" in message


def test_backup_refuses_when_the_object_storage_does_not_answer(settings, tmp_path):
    from tests.storage_infra import seaweedfs

    unreachable = ObjectStorage(
        bucket="jena-public-x",
        private_bucket="jena-private-x",
        endpoint_url=f"http://127.0.0.1:{seaweedfs.free_port()}",
        access_key="key",
        secret_key="secret",
    )
    settings.STORAGES = {**settings.STORAGES, **unreachable.storages()}
    with pytest.raises(CommandError, match="nicht erreichbar"):
        call_command("backup", "--root", str(tmp_path))
    assert list(tmp_path.iterdir()) == []  # no half-made backup left behind


@pytest.mark.django_db
def test_backup_without_pg_dump_says_what_to_install(requires_postgres, settings, tmp_path):
    settings.PG_BIN_DIR = str(tmp_path / "bin")
    with pytest.raises(CommandError) as error:
        call_command("backup", "--root", str(tmp_path / "backups"))
    assert "pg_dump nicht gefunden" in str(error.value)
    assert "postgresql-client-" in str(error.value)
    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.django_db
def test_backup_refuses_a_pg_dump_older_than_the_server(requires_postgres, settings, tmp_path):
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    settings.PG_BIN_DIR = str(fake.parent)
    with pytest.raises(CommandError, match=r"pg_dump 9 kann den PostgreSQL-Server \d+ nicht"):
        call_command("backup", "--root", str(tmp_path / "backups"))
