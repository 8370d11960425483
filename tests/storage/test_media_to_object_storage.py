"""`manage.py media_to_object_storage`: the files of the local folders go to the buckets
under their names; a second run copies nothing, an interrupted one continues, and the
counts say what happened (copied, already there, missing on disk, failed)."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from core.storage_s3 import PublicS3Storage
from privacy.models import DataExport
from reports.models import StatusReport
from tests.factories import IdeaFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.s3]


@pytest.fixture
def local_files(settings, tmp_path):
    """What a node's folders hold before the move: three idea photos and a project image
    (MEDIA_ROOT), a copy of personal data (PRIVATE_ROOT), a report PDF from before PDFs
    were private (MEDIA_ROOT), and one idea whose photo is gone from the disk."""
    media, private = tmp_path / "media", tmp_path / "private"
    settings.MEDIA_ROOT, settings.PRIVATE_ROOT = media, private

    def put(folder, name, data: bytes) -> str:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return name

    public = {
        put(media, f"ideas/2026/05/foto-{n}.jpg", b"\xff\xd8 photo %d" % n) for n in range(3)
    }
    for name in sorted(public):
        IdeaFactory(image=name, image_alt="Foto")
    public.add(put(media, "projects/laterne.png", b"\x89PNG project"))
    ProjectFactory(image="projects/laterne.png")
    export = put(private, "exports/datenauskunft-1.zip", b"PK export")
    DataExport.objects.create(user=UserFactory(), state=DataExport.State.READY, file=export)
    pdf = put(media, "reports/sachstandsbericht-1.pdf", b"%PDF-1.7 report")
    StatusReport.objects.create(
        title="Bericht", period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30), as_of=datetime.date(2026, 6, 30),
        state=StatusReport.State.PUBLISHED, pdf=pdf,
    )
    IdeaFactory(image="ideas/2026/05/verloren.jpg", image_alt="Foto")  # not on the disk
    return {"public": public, "private": {export, pdf}, "media": media}


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("media_to_object_storage", *args, stdout=out, stderr=err)
    finally:
        run.stderr = err.getvalue()
    return out.getvalue()


def test_moves_every_file_once_and_a_second_run_copies_nothing(local_files, object_storage):
    dry = run("--dry-run")
    assert "Zu kopieren: 6, schon da: 0, fehlt auf der Platte: 1, fehlgeschlagen: 0." in dry
    assert "Probelauf: nichts kopiert." in dry
    assert object_storage.keys(object_storage.public_bucket) == set()

    first = run()
    assert "Kopiert: 6, schon da: 0, fehlt auf der Platte: 1, fehlgeschlagen: 0." in first
    assert "ideas/2026/05/verloren.jpg – fehlt auf der Platte" in run.stderr
    assert local_files["public"] <= object_storage.keys(object_storage.public_bucket)
    assert object_storage.keys(object_storage.private_bucket) == local_files["private"]
    assert object_storage.body(object_storage.private_bucket, "exports/datenauskunft-1.zip") == (
        b"PK export"
    )
    # Public files are typed by their names, so browsers show them.
    head = object_storage.client().head_object(
        Bucket=object_storage.public_bucket, Key="projects/laterne.png"
    )
    assert head["ContentType"] == "image/png"

    second = run()
    assert "Kopiert: 0, schon da: 6, fehlt auf der Platte: 1, fehlgeschlagen: 0." in second


def test_an_interrupted_run_continues_where_it_stopped(local_files, object_storage):
    real_save = PublicS3Storage._save
    saved = []

    def save_then_stop(self, name, content):
        if len(saved) == 2:
            raise KeyboardInterrupt  # the operator's Ctrl+C, or the container stopped
        saved.append(name)
        return real_save(self, name, content)

    with mock.patch.object(PublicS3Storage, "_save", save_then_stop), pytest.raises(
        KeyboardInterrupt
    ):
        run()
    assert object_storage.keys(object_storage.public_bucket) == set(saved)

    again = run()
    assert "Kopiert: 4, schon da: 2, fehlt auf der Platte: 1, fehlgeschlagen: 0." in again
    assert local_files["public"] <= object_storage.keys(object_storage.public_bucket)


def test_a_file_that_cannot_be_copied_is_reported_and_tried_again(local_files, object_storage):
    broken = local_files["media"] / "ideas/2026/05/foto-1.jpg"
    broken.unlink()
    broken.mkdir()  # unreadable as a file

    with pytest.raises(CommandError, match="1 Datei"):
        run()
    assert "foto-1.jpg – fehlgeschlagen (IsADirectoryError" in run.stderr

    broken.rmdir()
    broken.write_bytes(b"\xff\xd8 photo 1")
    assert "Kopiert: 1, schon da: 5, fehlt auf der Platte: 1, fehlgeschlagen: 0." in run()


def test_a_different_file_of_the_same_name_is_not_overwritten(local_files, object_storage):
    object_storage.client().put_object(
        Bucket=object_storage.public_bucket, Key="projects/laterne.png", Body=b"other"
    )
    with pytest.raises(CommandError):
        run()
    assert "projects/laterne.png – fehlgeschlagen (a different file" in run.stderr
    assert object_storage.body(object_storage.public_bucket, "projects/laterne.png") == b"other"


def test_with_local_folders_it_moves_old_report_pdfs_to_the_private_folder(local_files, settings):
    """The embedded default: the report PDF from before PDFs were private is copied into
    PRIVATE_ROOT, where its view now looks; everything else is already in place."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "core.storage.PrivateFileSystemStorage"},
    }
    assert "Kopiert: 1, schon da: 5, fehlt auf der Platte: 1" in run()
    assert (settings.PRIVATE_ROOT / "reports/sachstandsbericht-1.pdf").read_bytes() == (
        b"%PDF-1.7 report"
    )
