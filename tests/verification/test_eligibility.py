"""Eligibility per phase, from the outside: a phase that counts only confirmed residents
(of some districts, of a minimum age on a key date) refuses others with the reason and
the next step — on the page, in the API and in the service — and lets the right people
act."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.exceptions import NotAllowed
from participation.ideas.models import Vote
from participation.ideas.rules import may_comment, may_propose_idea, may_vote
from participation.ideas.services.votes import vote_cast
from projects.eligibility import describe, requirement
from tests.factories import IdeaFactory, UserFactory
from tests.ideas.test_votes_pages import cast_url, render_widgets
from tests.notifications.factories_follows import DistrictFactory
from tests.verification.factories import (
    ANNA,
    VerificationFactory,
    import_extract,
    residents_only_ideas_phase,
    residents_only_voting_phase,
)
from verification.models import AgeConfirmation, Verification

pytestmark = pytest.mark.django_db

KEY_DATE = datetime.date(2027, 3, 31)


def verified(**fields):
    return VerificationFactory(**fields).user


def test_without_a_confirmed_residence_voting_is_refused_with_the_next_step():
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project)
    refusal = may_vote(UserFactory(), idea)
    assert refusal.code == "resident"
    assert refusal.message == "Bestätigen Sie Ihren Wohnsitz in Jena, um abzustimmen."
    assert may_vote(verified(), idea) is None


def test_the_service_refuses_too_and_nothing_is_saved():
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project)
    with pytest.raises(NotAllowed):
        vote_cast(user=UserFactory(), idea=idea)
    assert Vote.objects.count() == 0
    vote_cast(user=verified(), idea=idea)
    assert Vote.objects.count() == 1


def test_signing_in_and_the_email_come_before_the_residence():
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project)
    assert may_vote(AnonymousUser(), idea).code == "sign_in"
    assert may_vote(UserFactory(verified=False), idea).code == "verify"


def test_a_phase_without_conditions_asks_nothing_more():
    phase = residents_only_voting_phase(requires_resident=False)
    idea = IdeaFactory(project=phase.project)
    assert may_vote(UserFactory(), idea) is None


def test_votes_only_scope_leaves_comments_open_to_everyone():
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project)
    assert may_comment(UserFactory(), idea) is None


def test_scope_all_covers_ideas_and_comments():
    phase = residents_only_ideas_phase()
    idea = IdeaFactory(project=phase.project)
    resident = UserFactory()
    assert may_propose_idea(resident, phase.project).code == "resident"
    assert may_comment(resident, idea).code == "resident"
    confirmed = verified()
    assert may_propose_idea(confirmed, phase.project) is None
    assert may_comment(confirmed, idea) is None


def test_only_residents_of_the_chosen_districts_may_vote():
    lobeda, zentrum = DistrictFactory(name="Lobeda-West"), DistrictFactory(name="Zentrum")
    phase = residents_only_voting_phase()
    phase.eligible_districts.set([lobeda])
    idea = IdeaFactory(project=phase.project)
    outsider = may_vote(verified(district=zentrum), idea)
    assert outsider.code == "not_eligible"
    assert "Lobeda-West" in outsider.message
    assert may_vote(verified(district=lobeda), idea) is None


@pytest.mark.parametrize(
    "birth_year, confirmed, expected",
    [
        (2010, False, None),  # 16 or 17 on the key date: the year decides
        (2012, False, "not_eligible"),  # 14 or 15
        (2011, True, None),  # turns 16 in 2027, before the key date (recorded)
        (2011, False, "resident"),  # turns 16 in 2027: the year alone cannot tell
    ],
)
def test_a_minimum_age_on_the_key_date(birth_year, confirmed, expected):
    phase = residents_only_voting_phase(min_age=16, age_key_date=KEY_DATE)
    idea = IdeaFactory(project=phase.project)
    verification = VerificationFactory(birth_year=birth_year)
    if confirmed:
        AgeConfirmation.objects.create(verification=verification, min_age=16, key_date=KEY_DATE)
    refusal = may_vote(verification.user, idea)
    assert (refusal.code if refusal else None) == expected


def test_the_register_check_records_the_age_the_birth_year_cannot_tell(client):
    born = datetime.date(2011, 3, 30)  # 16 on 30 March 2027, the day before the key date
    young = datetime.date(2011, 4, 1)  # 16 only after the key date
    phase = residents_only_voting_phase(min_age=16, age_key_date=KEY_DATE)
    idea = IdeaFactory(project=phase.project)
    old_enough = ANNA.__class__(
        "Lena", "Fuchs", born, "Teichgraben", "1", district="Zentrum"
    )
    too_young = ANNA.__class__("Paul", "Fuchs", young, "Teichgraben", "1", district="Zentrum")
    import_extract(old_enough, too_young)
    lena, paul = UserFactory(), UserFactory()
    for user, person in ((lena, old_enough), (paul, too_young)):
        client.force_login(user)
        assert client.post(reverse("verification:status"), person.form_data()).status_code == 302
    assert may_vote(lena, idea) is None
    assert may_vote(paul, idea).code == "resident"  # nothing recorded: not old enough
    assert Verification.objects.get(user=paul).birth_year == 2011
    assert AgeConfirmation.objects.filter(verification__user=paul).count() == 0


def test_the_key_date_defaults_to_the_last_day_of_the_phase():
    end = datetime.datetime(2027, 4, 1, 0, 0, tzinfo=datetime.UTC)  # 02:00 in Jena
    phase = residents_only_voting_phase(min_age=16, end=end)
    assert requirement(phase, "votes").key_date == datetime.date(2027, 4, 1)
    phase.end = datetime.datetime(2027, 3, 31, 22, 0, tzinfo=datetime.UTC)  # midnight in Jena
    assert requirement(phase, "votes").key_date == datetime.date(2027, 3, 31)
    assert "Mindestalter: 16 Jahre am 31.03.2027." in describe(phase)


def test_the_vote_widget_links_to_the_verification_page(client):
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project)
    html = render_widgets([idea], UserFactory())
    assert "Bestätigen Sie Ihren Wohnsitz in Jena, um abzustimmen." in html
    assert reverse("verification:status") + "?next=" in html


def test_voting_on_the_site_without_residence_says_why_and_links_the_way(client):
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project)
    client.force_login(UserFactory())
    response = client.post(cast_url(idea), follow=True)
    html = response.content.decode()
    assert "Bestätigen Sie Ihren Wohnsitz in Jena, um abzustimmen." in html
    assert reverse("verification:status") + "?next=" in html
    assert Vote.objects.count() == 0


def test_the_api_refusal_names_the_page_where_residence_is_confirmed(client):
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project)
    client.force_login(UserFactory())
    response = client.post("/api/v1/votes/", {"idea": idea.pk}, content_type="application/json")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "resident"
    assert body["verify_url"].endswith(reverse("verification:status"))
    assert "Wohnsitz" in body["detail"]


@pytest.mark.parametrize("confirmed", [False, True])
def test_a_list_of_widgets_costs_the_same_queries_with_5_and_50_ideas(confirmed):
    counts = []
    for size in (5, 50):
        lobeda = DistrictFactory()
        phase = residents_only_voting_phase(min_age=16)
        phase.eligible_districts.set([lobeda])
        ideas = IdeaFactory.create_batch(size, project=phase.project)
        user = verified(district=lobeda) if confirmed else UserFactory()
        rows = type(ideas[0]).objects.filter(project=phase.project)
        loaded = list(rows.select_related("project"))
        with CaptureQueriesContext(connection) as captured:
            render_widgets(loaded, user)
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_the_project_page_says_who_may_take_part_in_each_phase(client):
    lobeda = DistrictFactory(name="Lobeda-West")
    phase = residents_only_voting_phase(min_age=16, age_key_date=KEY_DATE)
    phase.eligible_districts.set([lobeda])
    html = client.get(phase.project.get_absolute_url()).content.decode()
    assert "Teilnehmen können Einwohnerinnen und Einwohner Jenas mit bestätigtem Wohnsitz." in html
    assert "Mindestalter: 16 Jahre am 31.03.2027." in html
    assert "Nur aus den Ortsteilen: Lobeda-West." in html


def test_the_api_tells_who_may_take_part_in_each_phase(client):
    lobeda = DistrictFactory(name="Lobeda-West", slug="lobeda-west")
    phase = residents_only_voting_phase(min_age=16, age_key_date=KEY_DATE)
    phase.eligible_districts.set([lobeda])
    body = client.get(f"/api/v1/projects/{phase.project.slug}/").json()
    (voting,) = [p for p in body["phases"] if p["allows_votes"]]
    assert voting["eligibility"] == {
        "residents_only": True,
        "min_age": 16,
        "age_key_date": "2027-03-31",
        "districts": ["lobeda-west"],
        "applies_to": "votes",
    }
    listed = client.get("/api/v1/projects/").json()["results"]
    assert any(p["phases"][0]["eligibility"]["residents_only"] for p in listed)
