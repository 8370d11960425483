"""``STORAGES`` and ``MEDIA_URL`` for settings.py: local folders (the embedded default)
or S3-compatible object storage, from values settings.py reads from the environment.

Plain data, no Django imports: settings.py calls it, and so do the tests that run the
site against a real S3 server (tests/storage_infra.py), so both build the same thing.
The backends themselves are in core/storage.py and core/storage_s3.py.
"""

from __future__ import annotations

from dataclasses import dataclass

# Seconds a signed download link of a private file works (S3_SIGNED_URL_SECONDS).
DEFAULT_SIGNED_URL_SECONDS = 60


@dataclass(frozen=True)
class ObjectStorage:
    """Where the buckets are and how to reach them (README: "Uploaded files")."""

    bucket: str
    private_bucket: str
    endpoint_url: str = ""  # as the nodes reach it; empty: AWS S3 of the region
    public_endpoint_url: str = ""  # as browsers reach it; empty: endpoint_url
    access_key: str = ""  # empty: boto3 finds credentials itself (AWS_* variables, role)
    secret_key: str = ""
    region: str = "us-east-1"
    addressing_style: str = "path"
    signed_url_seconds: int = DEFAULT_SIGNED_URL_SECONDS

    def problems(self) -> list[str]:
        found = []
        if not self.private_bucket:
            found.append("S3_PRIVATE_BUCKET must be set when S3_BUCKET is")
        elif self.private_bucket == self.bucket:
            found.append(
                "S3_PRIVATE_BUCKET must differ from S3_BUCKET: the public bucket answers "
                "anyone, the private one nobody without a signed link"
            )
        if self.addressing_style not in {"path", "virtual", "auto"}:
            found.append("S3_ADDRESSING_STYLE must be path, virtual or auto")
        if self.signed_url_seconds < 1:
            found.append("S3_SIGNED_URL_SECONDS must be at least 1")
        return found

    @property
    def browser_endpoint_url(self) -> str:
        return (self.public_endpoint_url or self.endpoint_url).rstrip("/")

    def default_media_url(self) -> str:
        """Where browsers load public files without a proxy or CDN in front: the public
        bucket at the S3 server's public address (path style), or on AWS."""
        if self.browser_endpoint_url:
            return f"{self.browser_endpoint_url}/{self.bucket}/"
        return f"https://{self.bucket}.s3.{self.region}.amazonaws.com/"

    def _common(self) -> dict:
        options = {
            "endpoint_url": self.endpoint_url or None,
            "region_name": self.region or None,
            "addressing_style": self.addressing_style,
            "signature_version": "s3v4",
            "file_overwrite": False,  # like the local folders: a new name, never replace
        }
        if self.access_key:
            options["access_key"] = self.access_key
            options["secret_key"] = self.secret_key
        return options

    def storages(self) -> dict:
        return {
            "default": {
                "BACKEND": "core.storage_s3.PublicS3Storage",
                "OPTIONS": {
                    **self._common(),
                    "bucket_name": self.bucket,
                    "querystring_auth": False,
                    # Names are unique (a new upload gets a new name): browsers and
                    # proxies may keep a public file for a day.
                    "object_parameters": {"CacheControl": "public, max-age=86400"},
                },
            },
            "private": {
                "BACKEND": "core.storage_s3.PrivateS3Storage",
                "OPTIONS": {
                    **self._common(),
                    "bucket_name": self.private_bucket,
                    "querystring_auth": True,
                    "querystring_expire": self.signed_url_seconds,
                    "public_endpoint_url": self.public_endpoint_url or None,
                },
            },
        }


LOCAL_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.storage.PrivateFileSystemStorage"},
}
