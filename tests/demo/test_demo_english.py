"""The demo in English: the strategy's structure, the measures, the projects with their
phases and the Bürgerbudget have English texts; the loaders fill them only where a text
has none, so a second run changes nothing and staff's own English stays."""


import pytest
from django.db.models import Q

from demo import english
from measures.models import CoreArea, FieldOfAction, Measure, MeasureBundle
from projects.models import Phase, Project
from tests.demo_snapshot import demo_site_rolled_back

pytestmark = pytest.mark.django_db

PROJECT_SLUGS = tuple(english.PROJECTS_EN)


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, demo_snapshot_dir):
    with django_db_blocker.unblock(), demo_site_rolled_back(demo_snapshot_dir):
        yield


@pytest.fixture
def loaded(demo_output, db):
    return demo_output


def missing(model, *fields, **filters) -> list:
    empty = Q()
    for field in fields:
        empty |= Q(**{f"{field}_en__isnull": True}) | Q(**{f"{field}_en": ""})
    return list(model.objects.filter(empty, **filters).values_list("pk", flat=True))


def test_the_whole_strategy_has_english_titles_and_summaries(loaded):
    assert CoreArea.objects.count() == 5 and MeasureBundle.objects.count() == 9
    for model in (CoreArea, FieldOfAction, MeasureBundle, Measure):
        assert missing(model, "title", "summary") == [], model.__name__
    assert Measure.objects.count() == len(english.MEASURES_EN)


def test_the_demo_projects_and_budgets_have_english_texts(loaded):
    assert Project.objects.filter(slug__in=PROJECT_SLUGS).count() == len(PROJECT_SLUGS)
    assert missing(Project, "title", "summary", "description", slug__in=PROJECT_SLUGS) == []
    phases = {"project__slug__in": PROJECT_SLUGS}
    assert missing(Phase, "description", **phases) == []
    # The Bürgerbudget's phases have no title of their own (the page shows their type).
    titled = Phase.objects.filter(**phases).exclude(Q(title_de="") | Q(title_de__isnull=True))
    assert titled.exists()
    assert missing(Phase, "title", pk__in=titled.values("pk")) == []


def test_an_english_text_differs_from_the_german_one(loaded):
    measure = Measure.objects.get(code="2.2")
    assert (measure.title_de, measure.title_en) == (
        "Sensorgestützte Stadtgrünpflege",
        "Sensor-assisted care of urban greenery",
    )


def test_a_second_run_changes_nothing_and_keeps_staffs_english(loaded):
    Measure.objects.filter(code="1.1").update(title_en="Our own English title")
    Measure.objects.filter(code="1.2").update(title_en=None, summary_en="")

    assert english.fill_english_strategy() == 2  # only what was emptied
    assert english.fill_english_strategy() == 0
    assert english.fill_english_projects() == 0
    assert Measure.objects.get(code="1.1").title_en == "Our own English title"
    assert Measure.objects.get(code="1.2").summary_en == english.MEASURES_EN["1.2"][1]
