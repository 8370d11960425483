"""Who may answer, change and preview a poll, asked from the outside (the pages) for
every role: anonymous visitor, resident, a resident whom the phase's conditions leave
out, someone else with a draft, moderator of another project, staff."""

import datetime

import pytest
from django.urls import reverse

from geo.models import District
from participation.polls.rules import may_answer, may_change, may_preview
from participation.polls.services import poll_submit
from tests.factories import (
    ProjectFactory,
    StaffFactory,
    UserFactory,
    global_moderator,
    moderator_of,
)
from tests.notifications.factories_follows import DistrictFactory
from tests.polls.factories import ended, market_square_survey, raw
from tests.polls.test_services import fill_required, save
from tests.verification.factories import VerificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return market_square_survey()


def section_url(survey, number=1):
    return reverse("polls:poll-section", kwargs={"slug": survey.project.slug,
                                                 "pk": survey.poll.pk, "number": number})


def preview_url(survey):
    return reverse("polls:poll-preview", kwargs={"slug": survey.project.slug,
                                                 "pk": survey.poll.pk})


def residents_only(survey, **fields):
    phase = survey.poll.phase
    for name, value in {"requires_resident": True, **fields}.items():
        setattr(phase, name, value)
    phase.save()
    return phase


def district(name: str) -> District:
    return District.objects.filter(name=name).first() or DistrictFactory(name=name)


def resident(*, district_name="Jena-Zentrum", birth_year=1990):
    user = UserFactory()
    VerificationFactory(user=user, district=district(district_name), birth_year=birth_year)
    return type(user).objects.get(pk=user.pk)


def test_anonymous_visitor_must_sign_in(client, survey):
    assert may_answer(None, survey.poll).code == "sign_in"
    assert client.get(section_url(survey))["Location"].startswith("/accounts/login/")
    assert client.get(preview_url(survey))["Location"].startswith("/accounts/login/")


def test_a_resident_with_a_verified_address_may_answer(client, survey):
    client.force_login(survey.anna)
    assert may_answer(survey.anna, survey.poll) is None
    assert client.get(section_url(survey)).status_code == 200
    assert client.get(preview_url(survey)).status_code == 403


def test_an_unverified_address_is_asked_to_confirm(client, survey):
    person = UserFactory(verified=False)
    client.force_login(person)
    response = client.get(section_url(survey))
    assert response.status_code == 403
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in response.content.decode()


def test_residents_only_poll_sends_others_to_confirm_their_residence(client, survey):
    residents_only(survey)
    client.force_login(survey.anna)
    response = client.get(section_url(survey))
    assert response.status_code == 403
    assert may_answer(survey.anna, survey.poll).code == "resident"
    assert reverse("verification:status") in response.content.decode()
    confirmed = resident()
    client.force_login(confirmed)
    assert client.get(section_url(survey)).status_code == 200


def test_a_resident_outside_the_phases_districts_is_not_eligible(client, survey):
    phase = residents_only(survey)
    phase.eligible_districts.add(district("Winzerla"))
    person = resident(district_name="Jena-Zentrum")
    client.force_login(person)
    response = client.get(section_url(survey))
    assert response.status_code == 403
    assert may_answer(person, survey.poll).code == "not_eligible"
    assert "Winzerla" in response.content.decode()


def test_a_resident_too_young_is_not_eligible(survey):
    residents_only(survey, min_age=16)
    young = resident(birth_year=datetime.date.today().year - 12)
    assert may_answer(young, survey.poll).code == "not_eligible"


def test_another_persons_draft_is_never_shown(client, survey):
    save(survey, survey.anna, 3, {survey.name: raw("Annas Geheimnis")})
    bea = UserFactory()
    client.force_login(bea)
    html = client.get(section_url(survey, 3)).content.decode()
    assert "Annas Geheimnis" not in html
    # Bea's own draft is hers alone.
    client.post(section_url(survey, 3), {f"q{survey.name.pk}": "Bea", "action": "save"})
    assert survey.poll.submissions.filter(state="draft").count() == 2


def test_moderator_of_another_project_has_no_preview(client, survey):
    client.force_login(moderator_of(ProjectFactory(), staff=True))
    assert client.get(preview_url(survey)).status_code == 403


def test_moderators_of_the_project_and_the_citys_staff_preview(client, survey):
    for person in (moderator_of(survey.project), global_moderator()):
        client.force_login(person)
        assert may_preview(person, survey.poll) is None
        assert client.get(preview_url(survey)).status_code == 200
    assert may_preview(StaffFactory(), survey.poll).code == "forbidden"


def test_a_closed_poll_refuses_everyone_with_the_reason(client, survey):
    ended(survey.poll)
    client.force_login(survey.anna)
    response = client.get(section_url(survey))
    assert response.status_code == 403
    assert "Die Umfrage ist beendet." in response.content.decode()


def test_a_draft_project_poll_is_not_found_by_residents(client, survey):
    survey.project.status = "draft"
    survey.project.save()
    client.force_login(survey.anna)
    assert client.get(section_url(survey)).status_code == 404


def test_change_only_where_allowed_and_after_submitting():
    survey = market_square_survey(answers_changeable=True)
    assert may_change(survey.anna, survey.poll).code == "invalid"  # nothing submitted yet
    fill_required(survey, survey.anna)
    poll_submit(user=survey.anna, poll=survey.poll)
    assert may_change(survey.anna, survey.poll) is None
    assert may_answer(survey.anna, survey.poll) is None
    ended(survey.poll)
    assert may_change(survey.anna, survey.poll).code == "closed"
