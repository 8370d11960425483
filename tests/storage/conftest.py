"""The tests of uploaded files against a real S3 server (SeaweedFS): tests/storage_infra.py."""

from tests.storage_infra import object_storage, s3_server  # noqa: F401 - pytest fixtures
