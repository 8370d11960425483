"""Where uploaded files go is chosen by the environment: local folders without S3_BUCKET
(the embedded default), two buckets of object storage with it; a configuration that
would make private files public refuses to start."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.security import content_security_policy

ROOT = Path(__file__).resolve().parent.parent.parent
PRINT_STORAGES = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'STORAGES': s.STORAGES, 'MEDIA_URL': s.MEDIA_URL}))"
)
S3 = {
    "S3_BUCKET": "jena-smart-media",
    "S3_PRIVATE_BUCKET": "jena-smart-private",
    "S3_ENDPOINT_URL": "http://s3:8333",
    "S3_ACCESS_KEY_ID": "jena-smart",
    "S3_SECRET_ACCESS_KEY": "geheim-geheim",
}


def settings_with(**variables: str) -> subprocess.CompletedProcess:
    """Start Django's settings in a fresh process with only these storage variables."""
    if (ROOT / ".env").exists():
        pytest.skip(".env exists and may set storage variables")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("S3_", "DJANGO_", "AWS_"))
        and key not in {"MEDIA_URL", "MEDIA_ROOT", "PRIVATE_ROOT", "DEBUG"}
    }
    env.update(DEBUG="true", DJANGO_SETTINGS_MODULE="jena_smart.settings", **variables)
    return subprocess.run(
        [sys.executable, "-c", PRINT_STORAGES],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def configured(**variables: str) -> dict:
    result = settings_with(**variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_variables_uploads_stay_in_local_folders():
    found = configured()
    assert found["MEDIA_URL"] == "/media/"
    assert found["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["STORAGES"]["private"]["BACKEND"] == "core.storage.PrivateFileSystemStorage"


def test_s3_variables_put_uploads_into_two_buckets():
    found = configured(**S3, S3_PUBLIC_ENDPOINT_URL="https://dateien.smart.jena.example/")
    public, private = found["STORAGES"]["default"], found["STORAGES"]["private"]
    assert public["BACKEND"] == "core.storage_s3.PublicS3Storage"
    assert private["BACKEND"] == "core.storage_s3.PrivateS3Storage"
    assert public["OPTIONS"]["bucket_name"] == "jena-smart-media"
    assert private["OPTIONS"]["bucket_name"] == "jena-smart-private"
    for options in (public["OPTIONS"], private["OPTIONS"]):
        assert options["endpoint_url"] == "http://s3:8333"
        assert options["access_key"] == "jena-smart"
        assert options["secret_key"] == "geheim-geheim"
        assert options["region_name"] == "us-east-1"
        assert options["addressing_style"] == "path"
        assert options["file_overwrite"] is False
    assert private["OPTIONS"]["querystring_expire"] == 60
    assert private["OPTIONS"]["public_endpoint_url"] == "https://dateien.smart.jena.example/"
    # Browsers load public files from the bucket at its public address.
    assert found["MEDIA_URL"] == "https://dateien.smart.jena.example/jena-smart-media/"


def test_public_files_can_come_through_the_sites_own_proxy():
    found = configured(**S3, MEDIA_URL="/media/", S3_SIGNED_URL_SECONDS="30")
    assert found["MEDIA_URL"] == "/media/"
    assert found["STORAGES"]["private"]["OPTIONS"]["querystring_expire"] == 30


@pytest.mark.parametrize(
    ("private_bucket", "reason"),
    [("", "S3_PRIVATE_BUCKET must be set"), ("jena-smart-media", "must differ from S3_BUCKET")],
    ids=["no private bucket", "the same bucket"],
)
def test_private_files_never_share_the_public_bucket(private_bucket, reason):
    result = settings_with(**{**S3, "S3_PRIVATE_BUCKET": private_bucket})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and reason in result.stderr


def test_the_csp_allows_images_from_object_storage_only_when_they_come_from_there(settings):
    settings.MEDIA_URL = "/media/"
    default = content_security_policy("n")
    assert "img-src 'self' data: blob: https://tile.openstreetmap.org;" in default

    settings.MEDIA_URL = "https://dateien.smart.jena.example/jena-smart-media/"
    policy = content_security_policy("n")
    assert (
        "img-src 'self' data: blob: https://tile.openstreetmap.org "
        "https://dateien.smart.jena.example;"
    ) in policy
    assert policy.replace(" https://dateien.smart.jena.example;", ";") == default
