"""The council dashboard: for council members and staff; the strategy now, changes since
the last published report, delays with their last statement, participation per project,
per Ortsteil (map + table) and per month — at a constant number of queries."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from geo.models import District
from measures.models import Status
from reports.models import StatusReport
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    MeasureBundleFactory,
    MeasureFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
SQUARE = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[11.55, 50.90], [11.62, 50.90], [11.62, 50.95], [11.55, 50.95], [11.55, 50.90]]]
    ],
}


@pytest.fixture
def council_member():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=settings.COUNCIL_GROUP_NAME)[0])
    return user


def fill(n: int):
    """n measures (one delayed) with a resident's comment each, ideas with comments in a
    district."""
    today = datetime.date.today()
    district = District.objects.create(name=f"Lobeda {n}", slug=f"lobeda-{n}", boundary=SQUARE)
    project = ProjectFactory(title=f"Projekt {n}")
    bundle = MeasureBundleFactory()
    for i in range(n):
        measure = MeasureFactory(bundle=bundle, title=f"Maßnahme {n}-{i}")
        ProgressUpdateFactory(
            measure=measure,
            date=today - datetime.timedelta(days=3),
            progress=10 + i,
            text=f"Sachstand {n}-{i}",
        )
        CommentFactory(idea=None, measure=measure)
    late = MeasureFactory(
        bundle=bundle, title=f"Verspätet {n}", planned_end=today - datetime.timedelta(days=10)
    )
    ProgressUpdateFactory(
        measure=late,
        date=today - datetime.timedelta(days=2),
        status=Status.IN_PROGRESS,
        progress=50,
        text="Es hakt.",
        reason=f"Grund {n}",
    )
    MilestoneFactory(measure=late, due_on=today - datetime.timedelta(days=5))
    for _ in range(n):
        idea = IdeaFactory(project=project, district=district)
        CommentFactory(idea=idea)


def test_council_members_and_staff_see_it_others_do_not(client, council_member):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403
    for user in (council_member, UserFactory(is_staff=True)):
        client.force_login(user)
        assert client.get(URL).status_code == 200


def test_it_shows_progress_delays_changes_and_participation_with_tables(client, council_member):
    fill(3)
    client.force_login(council_member)
    html = client.get(URL).content.decode()
    for expected in (
        "Auf einen Blick",
        "Nach Kernbereich",
        "Nach Maßnahmenbündel",
        "Verspätet 3",
        "Grund 3",
        "Sachstand 3-1",
        "Projekt 3",
        "Lobeda 3",
        "Beteiligung nach Ortsteil",
        "Beteiligung je Monat",
    ):
        assert expected in html, expected
    assert '<svg viewBox="0 0 600' in html and 'role="img"' in html  # the choropleth
    assert "<title>Lobeda 3: " in html
    assert html.count("<table") >= 6  # every chart has its data table


def test_it_shows_the_feedback_on_measures_per_bundle(client, council_member):
    bundle = MeasureBundleFactory(title="Mobilität")
    quiet = MeasureBundleFactory(title="Bildung")
    measure, internal = MeasureFactory(bundle=bundle), MeasureFactory(is_public=False)
    anna = UserFactory()
    first = CommentFactory(idea=None, measure=measure, author=anna)
    CommentFactory(idea=None, measure=measure, parent=first)
    CommentFactory(idea=None, measure=measure, author=anna)
    CommentFactory(idea=None, measure=measure, is_deleted=True)
    CommentFactory(idea=None, measure=internal)
    client.force_login(council_member)

    html = client.get(URL).content.decode()

    assert "Rückmeldungen zu den Maßnahmen" in html
    for row, comments, participants in ((bundle, 3, 2), (quiet, 0, 0), (internal.bundle, 0, 0)):
        assert (
            f'<th scope="row">{row.number}. {row.title}</th>'
            f'<td class="report-num">{comments}</td><td class="report-num">{participants}</td>'
        ) in html, row.title
    assert (
        '<th scope="row">Insgesamt</th><td class="report-num">3</td><td class="report-num">2</td>'
    ) in html
    participation = html.index('id="dash-participation"')
    assert participation < html.index("Im Zeitverlauf") < html.index("Rückmeldungen zu den")


def test_changes_are_counted_from_the_last_published_report(client, council_member):
    measure = MeasureFactory(title="Smarte Laternen")
    ProgressUpdateFactory(measure=measure, date=datetime.date(2026, 1, 10), progress=30)
    StatusReport.objects.create(
        title="Bericht 1",
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 12, 31),
        as_of=datetime.date(2025, 12, 31),
        state=StatusReport.State.PUBLISHED,
        snapshot={
            "strategy": {
                "bundles": [
                    {
                        "measures": [
                            {"code": measure.code, "status": Status.IN_PROGRESS, "progress": 10}
                        ]
                    }
                ]
            }
        },
    )
    client.force_login(council_member)
    response = client.get(URL)
    changes = response.context["changes"]
    assert [(row["before"]["progress"], row["measure"]["progress"]) for row in changes] == [
        (10, 30)
    ]
    assert "Änderungen seit dem letzten Bericht" in response.content.decode()


def test_queries_do_not_grow_with_the_data(client, council_member, django_assert_max_num_queries):
    client.force_login(council_member)
    fill(2)
    with django_assert_max_num_queries(40) as few:
        client.get(URL)
    fill(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200
