"""The participation demo (`manage.py load_participation_demo`) after the strategy demo:
three projects in different phases, a few hundred ideas in the right places, exact
counters, the city's answers, a moderation case, and a second run that adds nothing.

Both demos are loaded once for the module inside a transaction that is rolled back at
the end (as Django's TestCase.setUpTestData does); each test runs in a savepoint of it.
"""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import Count, Q

from demo import participation as demo
from demo.photos import SCENES, demo_photo
from geo.selectors import district_for_point
from geo.validation import geometry_from_geojson
from measures.models import Measure
from participation.ideas.models import Comment, Idea, IdeaStatus, Vote
from participation.ideas.selectors.ideas import ideas_taken_up_by
from participation.moderation.models import Flag, FlagReason, ModerationDecision
from participation.polls.models import Answer, Participation, Poll, Submission
from projects.models import Category, Phase, Project
from projects.phases import current_phase, phase_allowing
from projects.rules import moderates_project
from tests.demo_snapshot import demo_site_rolled_back

SLUGS = ("smarte-strassenbeleuchtung", "smartes-quartier-lobeda", "nachbarschaftsideen-2025")
MODELS = (
    Project, Phase, Category, Idea, Comment, Vote, Flag, ModerationDecision, Poll, Submission,
    Answer, Participation,
)


def load(*args) -> str:
    out = StringIO()
    call_command("load_participation_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, demo_snapshot_dir):
    """The state and output of load_participation_demo after load_jena_demo, as the
    demo's copy holds them (tests/demo_snapshot.py: the commands ran once in this test
    run; the budget and verification demos loaded after them add their own projects)."""
    with django_db_blocker.unblock(), demo_site_rolled_back(demo_snapshot_dir) as outputs:
        yield outputs["load_participation_demo"]


@pytest.fixture
def loaded(demo_output, db) -> str:
    return demo_output


def projects() -> dict[str, Project]:
    return {p.slug: p for p in Project.objects.filter(slug__in=SLUGS).prefetch_related("phases")}


def test_demo_creates_three_published_projects_in_different_phases(loaded):
    by_slug = projects()
    assert set(by_slug) == set(SLUGS)
    assert {p.status for p in by_slug.values()} == {Project.Status.PUBLISHED}
    phases = {slug: current_phase(project).type for slug, project in by_slug.items()}
    assert phases == {
        "smarte-strassenbeleuchtung": Phase.Type.IDEAS,
        "smartes-quartier-lobeda": Phase.Type.VOTING,
        "nachbarschaftsideen-2025": Phase.Type.IMPLEMENTATION,
    }
    assert phase_allowing(by_slug["smarte-strassenbeleuchtung"], "ideas") is not None
    lobeda_voting = phase_allowing(by_slug["smartes-quartier-lobeda"], "votes")
    assert lobeda_voting is not None and lobeda_voting.votes_per_person == 3
    for project in by_slug.values():
        assert project.measures.exists(), project.slug
        assert project.categories.count() == 4


def test_demo_has_a_few_hundred_ideas_spread_over_the_ortsteile(loaded):
    ideas = Idea.objects.filter(project__slug__in=SLUGS)
    assert ideas.count() >= 200
    assert ideas.values("district").distinct().count() >= 20
    assert ideas.filter(location__isnull=True).count() >= 10
    assert not ideas.filter(district__isnull=True).exists()
    per_project = dict(ideas.values_list("project__slug").annotate(n=Count("pk")))
    assert min(per_project.values()) >= 50


def test_every_idea_lies_inside_its_projects_area_with_the_district_derived(loaded):
    for project in projects().values():
        area = geometry_from_geojson(project.area) if project.area else None
        project_districts = set(project.districts.values_list("pk", flat=True))
        for idea in project.ideas.select_related("district"):
            if idea.location is None:
                assert idea.place_description, idea.title
                if project_districts:
                    assert idea.district_id in project_districts, idea.title
                continue
            lon, lat = idea.location["coordinates"]
            derived = district_for_point(lon=lon, lat=lat)
            assert derived is not None and idea.district_id == derived.pk, idea.title
            if area is not None:
                assert area.covers(geometry_from_geojson(idea.location)), idea.title


def test_the_lobeda_project_covers_only_its_districts(loaded):
    lobeda = Project.objects.get(slug="smartes-quartier-lobeda")
    names = set(lobeda.districts.values_list("name", flat=True))
    assert names == {"Lobeda-Altstadt", "Neulobeda", "Drackendorf"}
    assert lobeda.area["type"] in {"Polygon", "MultiPolygon"}
    idea_districts = set(lobeda.ideas.values_list("district__name", flat=True))
    assert idea_districts <= names


def test_counters_equal_the_real_rows(loaded):
    ideas = Idea.objects.filter(project__slug__in=SLUGS).annotate(
        real_votes=Count("votes", distinct=True),
        real_comments=Count(
            "comments",
            filter=Q(comments__is_deleted=False, comments__is_hidden=False),
            distinct=True,
        ),
    )
    wrong = [
        (i.title, i.vote_count, i.real_votes, i.comment_count, i.real_comments)
        for i in ideas
        if (i.vote_count, i.comment_count) != (i.real_votes, i.real_comments)
    ]
    assert wrong == []
    assert Vote.objects.filter(idea__project__slug__in=SLUGS).count() >= 100
    assert Comment.objects.filter(idea__project__slug__in=SLUGS, parent__isnull=False).exists()


def test_votes_keep_the_phase_limit_and_lie_in_voting_phases(loaded):
    rows = (
        Vote.objects.filter(idea__project__slug__in=SLUGS)
        .values("user", "phase", "phase__votes_per_person", "phase__allows_votes")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        assert row["phase__allows_votes"]
        assert row["n"] <= row["phase__votes_per_person"]
    assert not Vote.objects.filter(idea__project__slug="smarte-strassenbeleuchtung").exists()


def test_the_finished_project_answers_every_idea_and_measures_took_some_up(loaded):
    budget = Idea.objects.filter(project__slug="nachbarschaftsideen-2025")
    assert not budget.filter(status=IdeaStatus.SUBMITTED).exists()
    assert not budget.filter(official_response="").exists()
    statuses = set(budget.values_list("status", flat=True))
    assert {IdeaStatus.ACCEPTED, IdeaStatus.REJECTED, IdeaStatus.IMPLEMENTED} <= statuses
    assert not budget.filter(official_response_by__isnull=True).exists()
    wlan = Measure.objects.get(code="6.4")
    assert [idea.title for idea in ideas_taken_up_by(measure=wlan)] == [
        "Öffentliches WLAN im Stadtteilzentrum Winzerla"
    ]
    assert budget.filter(measure__isnull=False).count() >= 2


def test_the_measure_page_lists_the_idea_it_took_up(loaded, client):
    wlan = Measure.objects.get(code="6.4")
    response = client.get(wlan.get_absolute_url())
    assert response.status_code == 200
    assert "Öffentliches WLAN im Stadtteilzentrum Winzerla" in response.content.decode()


def test_a_reported_comment_is_hidden_with_a_statement_and_one_report_waits(loaded):
    hidden = Comment.objects.get(text=demo.HIDDEN_COMMENT)
    assert hidden.is_hidden
    decision = hidden.moderation_decisions.get()
    assert decision.action == ModerationDecision.Action.HIDE
    assert decision.rule == FlagReason.INSULT
    assert decision.statement == demo.HIDDEN_STATEMENT
    assert decision.moderator.email == demo.MODERATOR_EMAIL
    assert hidden.flags.get().status == Flag.Status.UPHELD
    waiting = Flag.objects.get(comment__text=demo.SPAM_COMMENT)
    assert waiting.status == Flag.Status.OPEN


def test_there_are_comments_on_measures_and_on_projects(loaded):
    assert Comment.objects.filter(measure__isnull=False).count() >= 4
    assert Comment.objects.filter(measure__isnull=False, parent__isnull=False).exists()
    assert Comment.objects.filter(project__slug__in=SLUGS).count() >= 2


def test_demo_residents_have_verified_example_addresses_and_no_password(loaded):
    users = get_user_model().objects.filter(email__endswith="@jena-smart.example")
    residents = users.filter(email__startswith="bewohner")
    assert residents.count() == len(demo.RESIDENTS) == 40
    assert residents.filter(display_name__contains=" aus ").count() == 40
    verified = EmailAddress.objects.filter(user__in=residents, verified=True)
    assert verified.count() == 40
    assert not any(user.has_usable_password() for user in residents)


def test_the_demo_moderator_moderates_the_three_projects_but_has_no_password_without_debug(
    loaded,
):
    moderator = get_user_model().objects.get(email=demo.MODERATOR_EMAIL)
    assert not moderator.has_usable_password()
    assert not moderator.is_staff
    for project in projects().values():
        assert moderates_project(moderator, project)
    assert demo.MODERATOR_PASSWORD not in loaded
    assert "--with-demo-logins" in loaded


def test_asked_for_logins_the_command_sets_and_prints_the_passwords(loaded):
    output = load("--with-demo-logins")
    moderator = get_user_model().objects.get(email=demo.MODERATOR_EMAIL)
    resident = get_user_model().objects.get(email=demo.resident_email(1))
    assert moderator.check_password(demo.MODERATOR_PASSWORD)
    assert resident.check_password(demo.RESIDENT_PASSWORD)
    assert demo.MODERATOR_PASSWORD in output and demo.RESIDENT_PASSWORD in output


def test_the_first_demo_resident_keeps_votes_to_try_out(loaded):
    resident = get_user_model().objects.get(email=demo.resident_email(1))
    voting = phase_allowing(projects()["smartes-quartier-lobeda"], "votes")
    assert Vote.objects.filter(user=resident, phase=voting).count() < voting.votes_per_person


def test_some_hand_written_ideas_have_a_drawn_photo_with_a_description(loaded):
    ideas = Idea.objects.filter(title__in=demo.DEMO_PHOTOS).exclude(image="")
    assert ideas.count() == len(demo.DEMO_PHOTOS)
    for idea in ideas:
        assert idea.image_alt == demo.DEMO_PHOTOS[idea.title][1]
        with idea.image.open("rb") as photo:
            assert photo.read(3) == b"\xff\xd8\xff"  # a JPEG
    assert "Ideen mit Foto: 5 (5 neu)" in loaded


def test_a_new_storage_beside_a_kept_database_gets_the_demo_photos_again(loaded):
    # var/ (or the bucket) removed, the database kept: the next load puts the photos back
    # and leaves a photo someone uploaded instead alone.
    lost, uploaded = Idea.objects.filter(title__in=demo.DEMO_PHOTOS).exclude(image="")[:2]
    kept_name = lost.image.name
    with lost.image.open("rb") as photo:
        kept = photo.read()
    lost.image.storage.delete(kept_name)
    Idea.objects.filter(pk=uploaded.pk).update(image="ideas/2026/12/mein-foto.jpg")
    try:
        output = load()

        lost.refresh_from_db()
        assert lost.image.storage.exists(lost.image.name)
        uploaded.refresh_from_db()
        assert uploaded.image.name == "ideas/2026/12/mein-foto.jpg"
        assert "Ideen mit Foto: 5 (1 neu)" in output
    finally:
        # The rows go back with the test's savepoint, the files do not: put the photo
        # back under the name the module's rows still hold (the load may have stored it
        # under another name when a file of an earlier module's demo took this one).
        if not lost.image.storage.exists(kept_name):
            lost.image.storage.save(kept_name, ContentFile(kept))


def test_demo_photos_are_drawn_the_same_on_every_run():
    for scene in SCENES:
        assert demo_photo(scene, seed="a") == demo_photo(scene, seed="a")
    assert demo_photo("fountain", seed="a") != demo_photo("fountain", seed="b")


def test_a_second_run_creates_nothing(loaded):
    before = {model.__name__: model.objects.count() for model in MODELS}
    output = load()
    after = {model.__name__: model.objects.count() for model in MODELS}
    assert after == before
    assert "(0 neu)" in output and "neu)" in output
    assert all(line.endswith("(0 neu)") for line in output.splitlines() if "neu)" in line), output


def test_without_districts_the_command_says_to_load_the_strategy_demo_first(db):
    from django.core.management.base import CommandError

    from geo.models import District

    Poll.objects.all().delete()  # poll answers keep their districts (RESTRICT)
    District.objects.all().delete()
    with pytest.raises(CommandError, match="load_jena_demo"):
        load()
