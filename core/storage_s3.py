"""S3-compatible object storage for uploaded files (django-storages with boto3): the
public and the private bucket of ``core.storage``. Imported only when settings.STORAGES
names these backends (S3_BUCKET set), so the embedded default never loads boto3."""

from __future__ import annotations

import mimetypes
import threading
from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage


class _S3Storage(S3Storage):
    def get_object_parameters(self, name):
        """The object's Content-Type follows from its name, never from what the uploading
        browser declared (django-storages would store that): a picture declared as
        text/html must not be served as a page."""
        params = super().get_object_parameters(name)
        params["ContentType"] = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return params


class PublicS3Storage(_S3Storage):
    """Public files in a bucket that answers anonymous reads (a public-read bucket policy;
    SeaweedFS: the ``anonymous`` identity may ``Read`` it). The URL is ``MEDIA_URL`` +
    name — the bucket's own address, or a proxy or CDN in front of it — built without a
    request and without a signature, so pages stay fast and cacheable."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(self._normalize_name(name)))


class PrivateS3Storage(_S3Storage):
    """Private files in a bucket that refuses anonymous reads. ``url()`` refuses: only
    ``signed_download_url`` makes a link, for a view that has checked who asks. The link
    is signed for ``public_endpoint_url`` (the S3 server as browsers reach it; the
    nodes may use another address, ``endpoint_url``) and expires after
    ``querystring_expire`` seconds."""

    def get_default_settings(self):
        return {**super().get_default_settings(), "public_endpoint_url": None}

    def __init__(self, **options):
        super().__init__(**options)
        self._signing = threading.local()

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_signing", None)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        self._signing = threading.local()

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("A private file has no URL; a view hands it out (signed_download_url).")

    def _signing_client(self):
        client = getattr(self._signing, "client", None)
        if client is None:
            client = self._create_session().client(
                "s3",
                region_name=self.region_name,
                use_ssl=self.use_ssl,
                endpoint_url=self.public_endpoint_url or self.endpoint_url,
                config=self.client_config,
                verify=self.verify,
            )
            self._signing.client = client
        return client

    def signed_download_url(
        self,
        name: str,
        *,
        filename: str,
        content_type: str,
        as_attachment: bool,
        content_language: str | None = None,
    ) -> str:
        """A GET URL of ``name`` that works for ``querystring_expire`` seconds; the
        object storage answers it with these Content-Type/-Disposition/-Language.
        Signing happens here, without a request to the object storage."""
        params = {
            "Bucket": self.bucket_name,
            "Key": self._normalize_name(name),
            "ResponseContentType": content_type,
            "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
            "ResponseCacheControl": "private, no-store",
        }
        if content_language:
            params["ResponseContentLanguage"] = content_language
        return self._signing_client().generate_presigned_url(
            "get_object", Params=params, ExpiresIn=self.querystring_expire
        )
