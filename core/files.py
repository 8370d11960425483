"""Stored files that go with a database row: deleted once the deletion is committed, so
a rolled-back transaction never loses a file it still points at."""

import logging
import posixpath
import secrets

from django.core.files.base import ContentFile
from django.db import transaction

logger = logging.getLogger(__name__)


def delete_files_on_commit(*files) -> None:
    """Delete the stored files of these file fields (empty ones are skipped) after the
    current transaction commits; a file that cannot be deleted is logged."""
    stored = [(field.storage, field.name) for field in files if field]
    if not stored:
        return

    def delete() -> None:
        for storage, name in stored:
            try:
                storage.delete(name)
            except Exception:  # noqa: BLE001 - a folder's OSError, object storage's errors
                # The deletion is committed; a file left behind is only logged.
                logger.warning("could not delete %s", name, exc_info=True)

    transaction.on_commit(delete)


def move_to_unguessable_name(field) -> str:
    """Store the file of this file field anew under a name nobody has seen (a random part
    before the old name), point the field at it and delete the old file after the commit:
    a link that was public (a public bucket's URL) answers 404 from then on. Returns the
    new name; the caller saves the row."""
    old = field.name
    folder, base = posixpath.split(old)
    with field.storage.open(old, "rb") as stored:
        content = ContentFile(stored.read())
    new = field.storage.save(
        posixpath.join(folder, f"{secrets.token_urlsafe(16)}-{base}"),
        content,
        max_length=field.field.max_length,
    )
    storage = field.storage

    def delete() -> None:
        try:
            storage.delete(old)
        except Exception:  # noqa: BLE001 - a folder's OSError, object storage's errors
            logger.warning("could not delete %s", old, exc_info=True)

    transaction.on_commit(delete)
    field.name = new
    return new
