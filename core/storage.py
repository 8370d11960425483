"""Where uploaded files are stored, and how each kind reaches a browser.

Two storages (``settings.STORAGES``, chosen by the environment in settings.py):

* ``default`` – **public files**: idea photos, project images. Anyone may load them, so
  their URL is plain: ``MEDIA_URL`` + name. Locally a folder (``MEDIA_ROOT``, served at
  ``/media/`` with DEBUG only); in production an S3 bucket that answers anonymous reads
  (``core.storage_s3.PublicS3Storage``).
* ``private`` – **files only permission-checking views hand out**: the copies of
  personal data (privacy) and the status reports' PDFs (drafts are for the council
  only). No URL leads to them: ``url()`` refuses. A view that has checked who asks
  answers with ``private_file_response``: a redirect to a signed URL that expires within
  seconds (``core.storage_s3.PrivateS3Storage``, a bucket that refuses anonymous reads),
  or the file streamed by the view (a local folder, ``PRIVATE_ROOT``).

Model fields name the private storage through ``private_storage`` (a callable, so that
migrations record its name, not a backend).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages
from django.core.signals import setting_changed
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty

PRIVATE = "private"


# --- The private storage, as model fields name it ---------------------------------------------


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up at first use and again after STORAGES changes
    (as Django's ``default_storage`` is), so a test that overrides STORAGES reaches the
    fields that use it."""

    def _setup(self):
        self._wrapped = storages[PRIVATE]


_private = _PrivateStorage()


def private_storage():
    """The storage of files only permission-checking views hand out (``STORAGES["private"]``)."""
    return _private


def _reset_private_storage(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty


setting_changed.connect(_reset_private_storage)


# --- Local folders (the embedded default) ------------------------------------------------------


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """Private files in ``settings.PRIVATE_ROOT`` (read at each use, so tests can point it
    at a temporary folder); ``url()`` refuses."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


class InMemoryPrivateStorage(InMemoryStorage):
    """The test suite's private storage: in memory, and like the real ones no URL."""

    @property
    def base_url(self):
        return None


# --- Handing out a private file ----------------------------------------------------------------


def private_file_response(
    file,
    *,
    filename: str,
    content_type: str,
    as_attachment: bool,
    content_language: str | None = None,
) -> HttpResponse:
    """The answer of a view that has checked that the person may have this private file
    (a FieldFile of the private storage): a redirect to a short-lived signed URL where
    the storage can sign (object storage: the download does not occupy a web worker),
    else the file streamed from here (a local folder). Neither answer may be cached."""
    sign = getattr(file.storage, "signed_download_url", None)
    if sign is not None:
        response: HttpResponse = HttpResponseRedirect(
            sign(
                file.name,
                filename=filename,
                content_type=content_type,
                as_attachment=as_attachment,
                content_language=content_language,
            )
        )
    else:
        response = FileResponse(
            file.open("rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
        if content_language:
            response["Content-Language"] = content_language
    add_never_cache_headers(response)
    return response


# --- PDFs: download by default, shown in the browser on request ---------------------------

VIEW_IN_BROWSER_PARAMETER = "ansicht"


def pdf_as_attachment(request) -> bool:
    """A "PDF herunterladen" link downloads (Content-Disposition: attachment); its
    "im Browser ansehen" twin adds ``?ansicht=browser`` and gets the PDF inline."""
    return request.GET.get(VIEW_IN_BROWSER_PARAMETER) != "browser"
