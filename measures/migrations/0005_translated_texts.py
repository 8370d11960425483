"""One column per language for the measures texts (django-modeltranslation), and the
existing texts copied into the German column.

The copy is what modeltranslation's ``update_translation_fields`` command does, written
against the migration's historical models so that every database gets it with
``migrate`` (and it stays correct whatever later migrations change).
"""

from django.db import migrations, models
from django.db.models import F, Q

TRANSLATED = {
    "CoreArea": ("title", "summary"),
    "FieldOfAction": ("title", "summary"),
    "MeasureBundle": ("title", "summary"),
    "Measure": ("title", "summary", "description"),
    "HistoricalMeasure": ("title", "summary", "description"),
    "Milestone": ("title",),
    "HistoricalMilestone": ("title",),
}


def copy_texts_to_german(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("measures", model_name)
        for field in fields:
            empty = Q(**{f"{field}_de__isnull": True}) | Q(**{f"{field}_de": ""})
            model.objects.filter(empty).update(**{f"{field}_de": F(field)})


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0004_easy_summary'),
    ]

    operations = [
        migrations.AddField(
            model_name='corearea',
            name='summary_de',
            field=models.TextField(blank=True, null=True, verbose_name='Zusammenfassung'),
        ),
        migrations.AddField(
            model_name='corearea',
            name='summary_en',
            field=models.TextField(blank=True, null=True, verbose_name='Zusammenfassung'),
        ),
        migrations.AddField(
            model_name='corearea',
            name='title_de',
            field=models.CharField(max_length=200, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='corearea',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='fieldofaction',
            name='summary_de',
            field=models.TextField(blank=True, null=True, verbose_name='Zusammenfassung'),
        ),
        migrations.AddField(
            model_name='fieldofaction',
            name='summary_en',
            field=models.TextField(blank=True, null=True, verbose_name='Zusammenfassung'),
        ),
        migrations.AddField(
            model_name='fieldofaction',
            name='title_de',
            field=models.CharField(max_length=200, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='fieldofaction',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='historicalmeasure',
            name='description_de',
            field=models.TextField(blank=True, null=True, verbose_name='Beschreibung'),
        ),
        migrations.AddField(
            model_name='historicalmeasure',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='Beschreibung'),
        ),
        migrations.AddField(
            model_name='historicalmeasure',
            name='summary_de',
            field=models.CharField(blank=True, max_length=400, null=True, verbose_name='Kurzbeschreibung'),
        ),
        migrations.AddField(
            model_name='historicalmeasure',
            name='summary_en',
            field=models.CharField(blank=True, max_length=400, null=True, verbose_name='Kurzbeschreibung'),
        ),
        migrations.AddField(
            model_name='historicalmeasure',
            name='title_de',
            field=models.CharField(max_length=250, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='historicalmeasure',
            name='title_en',
            field=models.CharField(max_length=250, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='title_de',
            field=models.CharField(max_length=250, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='title_en',
            field=models.CharField(max_length=250, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='measure',
            name='description_de',
            field=models.TextField(blank=True, null=True, verbose_name='Beschreibung'),
        ),
        migrations.AddField(
            model_name='measure',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='Beschreibung'),
        ),
        migrations.AddField(
            model_name='measure',
            name='summary_de',
            field=models.CharField(blank=True, max_length=400, null=True, verbose_name='Kurzbeschreibung'),
        ),
        migrations.AddField(
            model_name='measure',
            name='summary_en',
            field=models.CharField(blank=True, max_length=400, null=True, verbose_name='Kurzbeschreibung'),
        ),
        migrations.AddField(
            model_name='measure',
            name='title_de',
            field=models.CharField(max_length=250, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='measure',
            name='title_en',
            field=models.CharField(max_length=250, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='measurebundle',
            name='summary_de',
            field=models.TextField(blank=True, null=True, verbose_name='Zusammenfassung'),
        ),
        migrations.AddField(
            model_name='measurebundle',
            name='summary_en',
            field=models.TextField(blank=True, null=True, verbose_name='Zusammenfassung'),
        ),
        migrations.AddField(
            model_name='measurebundle',
            name='title_de',
            field=models.CharField(max_length=200, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='measurebundle',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='title_de',
            field=models.CharField(max_length=250, null=True, verbose_name='Titel'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='title_en',
            field=models.CharField(max_length=250, null=True, verbose_name='Titel'),
        ),
        migrations.RunPython(copy_texts_to_german, migrations.RunPython.noop),
    ]
