"""A small city for the open-data tests: public and internal measures with progress
reports and indicators, published and draft projects, visible and hidden ideas (their
authors with names and e-mail addresses that must never reach a file), districts."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from geo.models import District
from measures.models import Measure
from participation.ideas.models import Idea
from participation.ideas.services.counters import idea_counters_refresh
from projects.models import Project
from tests.factories import (
    CITY_SQUARE,
    CategoryFactory,
    CommentFactory,
    CoreAreaFactory,
    IdeaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureBundleFactory,
    MeasureFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    UserFactory,
    VoteFactory,
    VotingPhaseFactory,
    point,
)

SECRET_NAME = "Zacharias Quellenschutz"
SECRET_EMAIL = "zacharias.quellenschutz@geheim.example"
HIDDEN_TITLE = "Ausgeblendete Idee Xylophon"
DRAFT_TITLE = "Idee im Entwurf Quokka"
INTERNAL_MEASURE_TITLE = "Interne Maßnahme Walross"


def make_district(name: str, *, source: str = "angenähert aus Mittelpunkten (Demo)") -> District:
    return District.objects.create(
        name=name,
        slug=name.lower(),
        boundary={"type": "MultiPolygon", "coordinates": [CITY_SQUARE["coordinates"]]},
        source=source,
    )


@dataclass
class City:
    measure: Measure
    internal: Measure
    project: Project
    draft: Project
    idea: Idea
    hidden: Idea
    district: District


def build_city(size: int = 1) -> City:
    """``size`` scales the number of rows (measures, updates, values, ideas, comments,
    votes), so query counts can be compared at two sizes."""
    core_area = CoreAreaFactory(title="Digitale Verwaltung")
    bundle = MeasureBundleFactory(title="Daten für alle", core_areas=[core_area])
    measure = MeasureFactory(bundle=bundle, code="1.1", title="Urbane Datenplattform")
    internal = MeasureFactory(
        bundle=bundle, code="1.2", title=INTERNAL_MEASURE_TITLE, is_public=False
    )
    ProgressUpdateFactory(measure=internal, text="Interner Sachstand Walross")
    IndicatorFactory(measure=internal, name="Interner Indikator Walross")
    for index in range(size):
        extra = MeasureFactory(bundle=bundle) if index else measure
        ProgressUpdateFactory(
            measure=extra,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=index),
            text=f"Sachstand {index}: Die Plattform ist in Betrieb.",
        )
        indicator = IndicatorFactory(measure=extra, name=f"Angebundene Datensätze {index}")
        IndicatorValueFactory(indicator=indicator, value=Decimal("12.50"))
        IndicatorValueFactory(indicator=indicator, value=Decimal("20"))
    IndicatorFactory(measure=measure, name="Indikator ohne Werte")

    district = make_district("Lobeda")
    make_district("Zentrum", source="ortsteile-osm-2014.geojson")
    author = UserFactory(display_name=SECRET_NAME, email=SECRET_EMAIL)
    project = ProjectFactory(title="Smarte Laternen", slug="smarte-laternen")
    phase = VotingPhaseFactory(project=project)
    category = CategoryFactory(project=project, name="Beleuchtung")
    draft = ProjectFactory(title="Entwurfsprojekt", slug="entwurf", status=Project.Status.DRAFT)

    idea = IdeaFactory(
        project=project,
        author=author,
        title="=Laterne am Markt",
        text="Hier fehlt abends Licht.",
        category=category,
        district=district,
        location=point(11.5861, 50.9272),
    )
    for index in range(size):
        extra = IdeaFactory(project=project, author=author, district=district) if index else idea
        CommentFactory(idea=extra, author=author)
        VoteFactory(idea=extra, user=UserFactory(), phase=phase)
    IdeaFactory(project=project, author=author, title="Idee ohne Ort", location=None)
    hidden = IdeaFactory(project=project, author=author, title=HIDDEN_TITLE, is_hidden=True)
    IdeaFactory(project=draft, author=author, title=DRAFT_TITLE)
    CommentFactory(idea=None, project=project, author=author)
    for pk in Idea.objects.values_list("pk", flat=True):
        idea_counters_refresh(idea_id=pk)
    published_budget_result(district=district, author=author, size=size)
    ended_poll_result(district=district, size=size)
    return City(
        measure=measure,
        internal=internal,
        project=project,
        draft=draft,
        idea=idea,
        hidden=hidden,
        district=district,
    )


def ended_poll_result(*, district: District, size: int = 1) -> None:
    """The market square survey, ended, with ``size`` submitted answers (free texts
    among them, which must not reach a file)."""
    from tests.polls.answers import typical
    from tests.polls.factories import ended, market_square_survey

    survey = market_square_survey()
    for _ in range(size):
        typical(survey, district, often="Sonstiges")
    ended(survey.poll)


def published_budget_result(*, district: District, author, size: int = 1) -> None:
    """A Bürgerbudget with a published result: ``size`` + 1 proposals (the first funded,
    in ``district``), one ballot per proposal; the author's name must not reach a file."""
    from unittest import mock

    from participation.budgets.services.counting import count_publish, count_run
    from tests.budgets.results_helpers import ballot, counted_budget, counter

    budget, proposals = counted_budget(
        costs=[5_000] * (size + 1), amount=5_000, project=ProjectFactory(slug="buergerbudget")
    )
    proposals[0].district = district
    proposals[0].author = author
    proposals[0].save()
    for index, proposal in enumerate(proposals):
        ballot(budget, {proposal: 5 - min(index, 4)})
    team = counter()
    with mock.patch(
        "participation.budgets.protocol.protocol_pdf", return_value=b"%PDF-1.7\n%%EOF\n"
    ):
        count_publish(count=count_run(budget=budget, by=team), by=team)


@pytest.fixture
def city(db) -> City:
    return build_city()
