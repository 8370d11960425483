"""The data migrations that add the language columns copy every existing text into the
German column (what modeltranslation's ``update_translation_fields`` does), so that an
existing database shows the same texts after ``migrate`` as before."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from measures.models import Measure, Milestone
from projects.models import Phase, Project
from tests.factories import MeasureFactory, MilestoneFactory, PhaseFactory

pytestmark = pytest.mark.django_db


def copy_function(app: str):
    """The migration's RunPython, bound to the models as that migration sees them (plain
    managers: the live models' managers would rewrite ``F("title")`` to ``title_de``)."""
    module = importlib.import_module(f"{app}.migrations.0005_translated_texts")
    state = MigrationLoader(connection).project_state((app, "0005_translated_texts"))
    return lambda: module.copy_texts_to_german(state.apps, None)


def test_existing_measure_texts_are_copied_into_the_german_columns():
    measure = MeasureFactory(title="Alt", summary="Kurz", description="Lang")
    MilestoneFactory(measure=measure, title="Erster Schritt")
    # As a database before the migration: only the original columns hold the texts.
    Measure.objects.filter(pk=measure.pk).update(title_de=None, summary_de=None, description_de="")
    Milestone.objects.update(title_de=None)
    Measure.history.model.objects.update(title_de=None)

    copy_function("measures")()

    row = Measure.objects.filter(pk=measure.pk).values("title_de", "summary_de", "description_de")
    assert row.get() == {"title_de": "Alt", "summary_de": "Kurz", "description_de": "Lang"}
    assert list(Milestone.objects.values_list("title_de", flat=True)) == ["Erster Schritt"]
    assert set(Measure.history.model.objects.values_list("title_de", flat=True)) == {"Alt"}


def test_existing_project_and_phase_texts_are_copied_and_english_stays_empty():
    phase = PhaseFactory(title="Ideen sammeln", description="Bis Mai.")
    Project.objects.update(title_de=None, summary_de=None)
    Phase.objects.update(title_de=None, description_de=None)

    copy_function("projects")()

    project = Project.objects.rewrite(False).values("title", "title_de", "summary_de", "title_en")
    project = project.get()
    assert project["title_de"] == project["title"] != ""
    assert project["summary_de"] and project["title_en"] is None
    assert Phase.objects.values_list("title_de", "description_de").get() == (
        "Ideen sammeln",
        "Bis Mai.",
    )
    assert phase.project_id == Project.objects.get().pk


def test_a_german_text_already_there_is_kept():
    measure = MeasureFactory(title="Neu")
    Measure.objects.filter(pk=measure.pk).rewrite(False).update(title="Alter Stand")

    copy_function("measures")()

    assert Measure.objects.values_list("title_de", flat=True).get(pk=measure.pk) == "Neu"
