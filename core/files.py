"""Stored files that go with a database row: deleted once the deletion is committed, so
a rolled-back transaction never loses a file it still points at."""

import logging

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
