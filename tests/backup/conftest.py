"""The backup and restore drill runs against a real S3 server (SeaweedFS):
tests/storage_infra.py."""

from tests.storage_infra import s3_server  # noqa: F401 - pytest fixture
