# The PDFs move from the public storage (MEDIA_ROOT, served at /media/ with DEBUG) to the
# private one: a draft's PDF is for the council and staff only, and the report's view
# hands every PDF out after checking (core/storage.py).

import logging

import core.storage
from django.core.files.storage import default_storage
from django.db import migrations, models

logger = logging.getLogger(__name__)


def _move(source, target, names) -> None:
    """Move each file that is in ``source`` but not in ``target``. A file missing in
    both is left to `manage.py media_to_object_storage`, which reports it."""
    for name in names:
        try:
            if target.exists(name) or not source.exists(name):
                continue
            with source.open(name, "rb") as handle:
                stored = target.save(name, handle)
            if stored != name:  # never expected: target.exists(name) was false
                raise OSError(f"stored as {stored}")
            source.delete(name)
        except Exception:  # noqa: BLE001 - a migration must not stop on one file
            logger.warning("could not move status report PDF %s", name, exc_info=True)


def _names(apps):
    StatusReport = apps.get_model("reports", "StatusReport")
    for pdf, pdf_en in StatusReport.objects.values_list("pdf", "pdf_en"):
        yield from filter(None, (pdf, pdf_en))


def to_private(apps, schema_editor):
    _move(default_storage, core.storage.private_storage(), list(_names(apps)))


def to_public(apps, schema_editor):
    _move(core.storage.private_storage(), default_storage, list(_names(apps)))


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_english_rendition'),
    ]

    operations = [
        migrations.AlterField(
            model_name='statusreport',
            name='pdf',
            field=models.FileField(blank=True, editable=False, storage=core.storage.private_storage, upload_to='reports/', verbose_name='PDF'),
        ),
        migrations.AlterField(
            model_name='statusreport',
            name='pdf_en',
            field=models.FileField(blank=True, editable=False, storage=core.storage.private_storage, upload_to='reports/', verbose_name='PDF (englisch)'),
        ),
        migrations.RunPython(to_private, to_public, elidable=True),
    ]
