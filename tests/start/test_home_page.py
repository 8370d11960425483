"""The home page shows what is happening: open participation with what one can do and
until when, the newest progress updates, the next deadlines, the strategy's progress and
a map teaser — accessible, in German and English, with a fixed number of queries, from
the page cache for anonymous readers and new at once after a change."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from core import pagecache
from measures.services import progress_update_publish
from projects.models import Project
from projects.services import phase_save
from tests.factories import (
    BudgetFactory,
    CoreAreaFactory,
    MeasureBundleFactory,
    MeasureFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgressUpdateFactory,
    UserFactory,
    VotingPhaseFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HEADER = "X-Page-Cache"
# Projects with unit and budget, their phases, their districts; phase starts, phase ends,
# milestones; progress updates; the roll-up (three, when cold) and the core areas; the
# districts' boundaries; the next phase change (for how long the page may be kept).
HOME_QUERIES = 13


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def world(jena_districts):
    """An ideas project in Lobeda ending in 10 days, a Bürgerbudget in its voting, a
    draft, a measure with a milestone and a progress update, and a hidden measure."""
    now = timezone.now()
    lobeda, _zentrum = jena_districts
    ideas = PhaseFactory(
        project__title="Laternen in Lobeda", project__slug="laternen", end=now + 10 * DAY
    )
    ideas.project.districts.set([lobeda])
    budget = BudgetFactory(
        project__title="Bürgerbudget der Stadt",
        project__slug="bb",
        project__area=None,
        stage="voting",
    )
    PhaseFactory(project__title="Geheimer Entwurf", project__status=Project.Status.DRAFT)
    area = CoreAreaFactory(title="Bildung")
    measure = MeasureFactory(
        code="3.2", title="Sensoren", progress=60, bundle=MeasureBundleFactory(core_areas=[area])
    )
    ProgressUpdateFactory(
        measure=measure,
        date=timezone.localdate() - 2 * DAY,
        progress=60,
        text="Vierzig Sensoren an Kreuzungen eingebaut.",
    )
    MilestoneFactory(measure=measure, title="Pilotbetrieb", due_on=timezone.localdate() + 5 * DAY)
    hidden = MeasureFactory(title="Interne Maßnahme", is_public=False)
    ProgressUpdateFactory(measure=hidden, date=timezone.localdate(), text="Nur intern.")
    return {"ideas": ideas, "budget": budget, "measure": measure, "area": area}


def test_the_home_page_shows_what_is_open_until_when(client, world):
    main = main_of(client.get("/"))

    assert "Jetzt mitmachen" in main
    assert "Laternen in Lobeda" in main and 'href="/beteiligung/laternen/"' in main
    assert re.search(r"Ideen einreichen bis <time datetime=\"\d{4}-\d\d-\d\d[^\"]*\">", main)
    assert "Bürgerbudget der Stadt" in main and 'href="/buergerbudget/bb/"' in main
    assert "Abstimmen bis <time" in main
    assert "Geheimer Entwurf" not in main


def test_the_home_page_shows_updates_deadlines_and_progress(client, world):
    main = main_of(client.get("/"))

    assert "Neueste Sachstände" in main
    assert "3.2 Sensoren" in main and "Vierzig Sensoren an Kreuzungen eingebaut." in main
    assert "Interne Maßnahme" not in main and "Nur intern." not in main
    assert "Meilenstein „Pilotbetrieb“ fällig" in main
    assert "„Ideen sammeln“ endet" in main
    assert "Fortschritt der Strategie" in main
    assert 'aria-label="Gesamtfortschritt der Strategie"' in main
    assert 'aria-label="Fortschritt im Kernbereich Bildung"' in main
    assert "60\u00a0%" in main


def test_the_map_teaser_is_described_and_not_a_trap(client, world):
    main = main_of(client.get("/"))

    svg = re.search(r"<svg class=\"start-map__svg\"[^>]*>", main).group(0)
    assert 'role="img"' in svg and 'focusable="false"' in svg
    assert "Hervorgehoben: Lobeda." in main
    map_part = main[main.index("start-map__svg") : main.index("</svg>")]
    assert "<a" not in map_part and "tabindex" not in map_part
    assert 'href="/beteiligung/laternen/ideen/"' in main  # the map page, as a link


def test_headings_go_down_one_level_at_a_time_and_times_carry_a_datetime(client, world):
    main = main_of(client.get("/"))

    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    times = re.findall(r"<time[^>]*>", main)
    assert times and all("datetime=" in tag for tag in times)
    for section in re.findall(r"<section [^>]*>", main):
        assert "aria-labelledby=" in section


def test_the_english_home_page_renders_the_same_parts(client, world):
    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    main = main_of(response)
    for part in ("home-open-list", "home-deadline-list", "home-update-list", "home-core-areas"):
        assert f'id="{part}"' in main
    assert 'href="/en/beteiligung/laternen/"' in main


def test_an_empty_site_says_that_nothing_is_open(client, db):
    main = main_of(client.get("/"))

    assert 'id="home-open-none"' in main
    assert 'id="home-deadlines-none"' in main
    assert "Noch kein Sachstand veröffentlicht." in main


# --- queries -----------------------------------------------------------------------------------


def _many_rows(jena_districts):
    now = timezone.now()
    today = timezone.localdate()
    for n in range(12):
        phase = PhaseFactory(end=now + (n + 2) * DAY)
        phase.project.districts.set(jena_districts)
        VotingPhaseFactory(project=phase.project, start=now + (n + 2) * DAY, end=now + 60 * DAY)
    for _ in range(3):
        BudgetFactory(stage="submission")
    areas = CoreAreaFactory.create_batch(5)
    for n in range(30):
        measure = MeasureFactory(bundle=MeasureBundleFactory(core_areas=areas[n % 5 : n % 5 + 2]))
        ProgressUpdateFactory(measure=measure, date=today - n * DAY)
        MilestoneFactory(measure=measure, due_on=today + (n % 20) * DAY)


@pytest.mark.parametrize("rows", ["few", "many"])
def test_the_home_page_runs_a_fixed_number_of_queries(
    rows, jena_districts, django_assert_max_num_queries
):
    if rows == "many":
        _many_rows(jena_districts)
    else:
        PhaseFactory()
        ProgressUpdateFactory()
    with django_assert_max_num_queries(HOME_QUERIES):
        response = Client().get("/")
    assert response.status_code == 200
    assert response[HEADER] == "miss"


# --- the page cache ----------------------------------------------------------------------------


def test_the_home_page_is_registered_with_what_it_shows():
    route = pagecache.registered_routes()["pages:home"]

    assert set(route.tags(None)) == {"strategy", "projects", "districts", "start"}
    assert route.expires is not None


def test_anonymous_readers_get_the_cached_page_until_a_progress_update_is_published(world):
    assert Client().get("/")[HEADER] == "miss"
    assert Client().get("/")[HEADER] == "hit"

    progress_update_publish(
        measure=world["measure"],
        actor=None,
        date=timezone.localdate(),
        status="in_progress",
        progress=75,
        text="Der Pilotbetrieb hat begonnen.",
    )

    response = Client().get("/")
    assert response[HEADER] == "miss"
    assert "Der Pilotbetrieb hat begonnen." in main_of(response)
    assert Client().get("/")[HEADER] == "hit"


def test_a_changed_phase_or_budget_shows_at_once(world):
    Client().get("/")
    phase = world["ideas"]
    phase.end = timezone.now() + 20 * DAY
    phase_save(phase=phase, actor=None)
    assert Client().get("/")[HEADER] == "miss"

    assert Client().get("/")[HEADER] == "hit"
    budget = world["budget"]
    budget.year = 2031
    budget.save()
    response = Client().get("/")
    assert response[HEADER] == "miss"
    assert "Bürgerbudget 2031" in main_of(response)


def test_each_language_has_its_own_cached_page(world):
    Client().get("/")
    assert Client().get("/en/")[HEADER] == "miss"
    assert Client().get("/en/")[HEADER] == "hit"


def test_signed_in_people_never_get_the_cached_page(world):
    Client().get("/")
    client = Client()
    client.force_login(UserFactory())

    response = client.get("/")

    assert response[HEADER] == "skip"
    assert "Laternen in Lobeda" in main_of(response)
