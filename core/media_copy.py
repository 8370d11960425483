"""Copy the uploaded files of this node's folders into the storages the site uses now
(``manage.py media_to_object_storage``): the move from local folders to object storage.

Every file field of every model is gone through (idea photos, project images, report
PDFs, copies of personal data), each stored name once per storage. A name goes to the
storage its field uses now, under the same name, so no database row changes. It is read
from ``MEDIA_ROOT`` for the public storage's fields and from ``PRIVATE_ROOT`` for the
private one's — and from ``MEDIA_ROOT`` when not there: report PDFs were public files
before they became private.

Idempotent and resumable: a name the target already holds with the same size counts as
"already there" and is not read again, so a second run copies nothing and a run that was
interrupted continues where it stopped (an object appears in S3 only once its upload is
complete). Nothing is deleted. A name the target holds with another size is not
overwritten: it counts as failed, for a person to look at.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models

from core.storage import private_storage

logger = logging.getLogger(__name__)

COPIED = "copied"
ALREADY_THERE = "already_there"
MISSING = "missing"
FAILED = "failed"


@dataclass
class CopyReport:
    dry_run: bool
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((COPIED, ALREADY_THERE, MISSING, FAILED), 0)
    )
    # (storage, name, what happened, why) for the names that were not simply copied.
    problems: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """One storage to fill: its name in STORAGES, the storage, the local folders to read
    from (in order) and the stored names its fields hold."""

    alias: str
    storage: object
    folders: tuple[Path, ...]
    names: tuple[str, ...]


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def sources(*, media_root: Path, private_root: Path) -> list[Source]:
    """What to copy, storage by storage (the public one, then the private one)."""
    wanted = {
        "default": (default_storage, (media_root,)),
        "private": (private_storage(), (private_root, media_root)),
    }
    names: dict[str, set[str]] = {alias: set() for alias in wanted}
    for model, model_field in _file_fields():
        alias = next(
            (a for a, (storage, _f) in wanted.items() if model_field.storage is storage), None
        )
        if alias is None:
            logger.warning("%s.%s: a storage of its own, skipped", model.__name__, model_field.name)
            continue
        stored = (
            model._base_manager.exclude(**{model_field.name: ""})
            .exclude(**{f"{model_field.name}__isnull": True})
            .values_list(model_field.name, flat=True)
            .distinct()
        )
        names[alias].update(stored)
    return [
        Source(alias, storage, folders, tuple(sorted(names[alias])))
        for alias, (storage, folders) in wanted.items()
    ]


def _local_file(folders: tuple[Path, ...], name: str) -> Path | None:
    for folder in folders:
        path = Path(folder) / name
        if path.exists():
            return path
    return None


def copy_one(source: Source, name: str, *, dry_run: bool) -> tuple[str, str]:
    """(what happened, why) for one stored name."""
    storage = source.storage
    local = _local_file(source.folders, name)
    if storage.exists(name):
        if local is None or local.is_dir() or storage.size(name) == local.stat().st_size:
            return ALREADY_THERE, ""
        return FAILED, "a different file of this name is already there (size differs)"
    if local is None:
        return MISSING, "not in " + ", ".join(str(f) for f in source.folders)
    if dry_run:
        return COPIED, ""
    with local.open("rb") as handle:
        stored = storage.save(name, File(handle, name=name))
    if stored != name:
        storage.delete(stored)
        return FAILED, f"the storage chose another name ({stored})"
    return COPIED, ""


def media_copy(
    *,
    media_root: Path | None = None,
    private_root: Path | None = None,
    dry_run: bool = False,
    progress: Callable[[str, str, str, str], None] | None = None,
) -> CopyReport:
    """Copy every stored file from the local folders into the configured storages; see
    the module's description. ``progress(storage, name, what, why)`` hears of each name."""
    report = CopyReport(dry_run=dry_run)
    for source in sources(
        media_root=Path(media_root or settings.MEDIA_ROOT),
        private_root=Path(private_root or settings.PRIVATE_ROOT),
    ):
        for name in source.names:
            try:
                what, why = copy_one(source, name, dry_run=dry_run)
            except Exception as exc:  # noqa: BLE001 - one file must not stop the others
                what, why = FAILED, f"{type(exc).__name__}: {exc}"
            report.counts[what] += 1
            if what in (MISSING, FAILED):
                report.problems.append((source.alias, name, what, why))
            if progress is not None:
                progress(source.alias, name, what, why)
    return report
