"""The ballot page, its confirmation, withdrawing, the voting box of the budget page, and
the staff's paper pages."""

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from core.sections import page_sections
from participation.budgets.models import Ballot, Budget, PaperSheetState, VotingMethod
from participation.budgets.services.ballots import ballot_cast
from participation.budgets.services.paper_ballots import paper_entry_create
from participation.budgets.views.ballots import voting_section
from tests.budgets.ballots_world import (
    ballot_world,
    fresh,
    paper_staff,
    person_of,
)
from tests.factories import UserFactory
from tests.verification.factories import ANNA, JOERG

pytestmark = pytest.mark.django_db


def ballot_url(world):
    return reverse("budgets:ballot", kwargs={"slug": world.budget.project.slug})


def test_the_ballot_page_lists_every_proposal_with_a_number_input_and_the_status(client):
    world = ballot_world()
    client.force_login(world.anna)
    response = client.get(ballot_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    for proposal in world.proposals:
        assert proposal.title in html
        assert f'name="p{proposal.number}"' in html
    assert 'type="number"' in html
    assert 'aria-live="polite"' in html
    assert "0 von 5 Stimmen vergeben" in html
    assert "20.000\xa0€" in html


def test_voting_on_the_page_saves_the_ballot_and_confirms_it(
    client, django_capture_on_commit_callbacks
):
    world = ballot_world()
    client.force_login(world.anna)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ballot_url(world), {"p1": "3", "p2": "0", "p3": "2"})
    confirmation = reverse(
        "budgets:ballot-confirmation", kwargs={"slug": world.budget.project.slug}
    )
    assert response.status_code == 302 and response.url == confirmation
    assert Ballot.objects.get().version == 1
    assert len(mail.outbox) == 1
    page = client.get(confirmation).content.decode()
    assert "Fassung 1" in page
    assert "Nr. 1: Bank am Spielplatz – 3 Stimmen" in page
    assert "per E-Mail" in page
    assert "ändern" in page


def test_the_page_prefills_the_persons_ballot(client):
    world = ballot_world()
    ballot_cast(user=world.anna, budget=fresh(world.budget), choices={2: 4})
    client.force_login(world.anna)
    html = client.get(ballot_url(world)).content.decode()
    assert 'name="p2" value="4"' in html
    assert "4 von 5 Stimmen vergeben" in html
    assert "Fassung 1" in html


def test_too_many_votes_show_an_error_summary_with_a_link_and_store_nothing(client):
    world = ballot_world()
    client.force_login(world.anna)
    response = client.post(ballot_url(world), {"p1": "4", "p2": "3", "p3": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="form-errors"' in html
    assert 'href="#ballot-proposals"' in html
    assert "7 Stimmen vergeben, erlaubt sind höchstens 5" in html
    assert "7 von 5 Stimmen vergeben" in html
    assert not Ballot.objects.exists()


def test_a_number_out_of_range_is_a_field_error_linked_from_the_summary(client):
    world = ballot_world()
    client.force_login(world.anna)
    response = client.post(ballot_url(world), {"p1": "9", "p2": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_p1"' in html and 'href="#id_p2"' in html


def test_approval_and_knapsack_ballots_show_checkboxes_and_their_status(client):
    world = ballot_world(voting_method=VotingMethod.KNAPSACK, votes_per_ballot=None)
    client.force_login(world.anna)
    html = client.get(ballot_url(world)).content.decode()
    assert 'type="checkbox"' in html
    assert "Kosten 0\xa0€ von 52.470\xa0€" in html
    client.post(ballot_url(world), {"p2": "on"})
    html = client.get(ballot_url(world)).content.decode()
    assert "Kosten 24.000\xa0€ von 52.470\xa0€" in html


def test_a_person_without_confirmed_residence_is_told_why_and_linked_to_confirm_it(client):
    world = ballot_world()
    client.force_login(UserFactory())
    response = client.get(ballot_url(world))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Wohnsitz" in html
    assert reverse("verification:status") in html


def test_anonymous_people_are_sent_to_sign_in(client):
    world = ballot_world()
    response = client.get(ballot_url(world))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_withdrawing_on_the_page_deletes_the_ballot(client):
    world = ballot_world()
    ballot_cast(user=world.anna, budget=fresh(world.budget), choices={2: 4})
    client.force_login(world.anna)
    assert "Stimmzettel zurückziehen" in client.get(ballot_url(world)).content.decode()
    url = reverse("budgets:ballot-withdraw", kwargs={"slug": world.budget.project.slug})
    response = client.post(url)
    assert response.status_code == 302
    assert not Ballot.objects.exists()


def test_the_budget_page_section_offers_to_vote_and_shows_the_persons_ballot(
    django_assert_max_num_queries,
):
    world = ballot_world()
    request = RequestFactory().get("/")
    request.user = world.anna
    budget = fresh(world.budget)
    section = voting_section(request, budget)
    assert section.template == "budgets/ballots/section_voting.html"
    assert section.context["ballot"] is None and section.context["refusal"] is None
    ballot_cast(user=world.anna, budget=fresh(world.budget), choices={2: 4})
    request.user = type(world.anna).objects.get(pk=world.anna.pk)
    as_on_the_page = (
        Budget.objects.select_related("project", "confirmation")
        .prefetch_related("project__phases")
        .get(pk=world.budget.pk)
    )
    with django_assert_max_num_queries(7):
        section = voting_section(request, as_on_the_page)
    assert section.context["ballot"].version == 1
    assert any(s.template == section.template for s in page_sections("budget", request, budget))


def test_the_budget_page_section_is_absent_outside_the_voting():
    world = ballot_world(stage="review")
    request = RequestFactory().get("/")
    request.user = world.anna
    assert voting_section(request, fresh(world.budget)) is None


# --- paper ----------------------------------------------------------------------------------


def paper_url(world, name="paper-entry"):
    return reverse(f"budgets:{name}", kwargs={"slug": world.budget.project.slug})


def sheet_form(world, **changes):
    data = {
        "station": world.station.pk,
        "sheet_number": "A-1",
        "family_name": ANNA.family_name,
        "given_names": ANNA.given_names,
        "date_of_birth": ANNA.date_of_birth.strftime("%d.%m.%Y"),
        "street": ANNA.street,
        "house_number": ANNA.house_number,
        "postcode": ANNA.postcode,
        "p1": "2",
        "p2": "0",
        "p3": "3",
    }
    data.update(changes)
    return data


def test_two_staff_members_enter_a_sheet_on_the_page_and_it_is_counted(client):
    world = ballot_world()
    client.force_login(paper_staff())
    response = client.post(paper_url(world), sheet_form(world), follow=True)
    assert "wartet auf die zweite" in response.content.decode()
    client.force_login(paper_staff())
    response = client.post(paper_url(world), sheet_form(world), follow=True)
    assert "beide Erfassungen stimmen überein" in response.content.decode()
    assert Ballot.objects.get().channel == "paper"


def test_the_same_staff_member_is_refused_a_second_entry_on_the_page(client):
    world = ballot_world()
    client.force_login(paper_staff())
    client.post(paper_url(world), sheet_form(world))
    response = client.post(paper_url(world), sheet_form(world))
    assert response.status_code == 400
    assert "schon erfasst" in response.content.decode()


def test_an_invalid_sheet_needs_a_reason_and_no_person(client):
    world = ballot_world()
    client.force_login(paper_staff())
    response = client.post(
        paper_url(world), {"station": world.station.pk, "sheet_number": "7", "invalid": "on"}
    )
    assert response.status_code == 400
    assert 'href="#id_invalid_reason"' in response.content.decode()
    response = client.post(
        paper_url(world),
        {
            "station": world.station.pk,
            "sheet_number": "7",
            "invalid": "on",
            "invalid_reason": "leer",
        },
    )
    assert response.status_code == 302


def test_a_sheet_without_person_data_is_a_form_error(client):
    world = ballot_world()
    client.force_login(paper_staff())
    response = client.post(paper_url(world), sheet_form(world, family_name=""))
    assert response.status_code == 400
    assert 'href="#id_family_name"' in response.content.decode()


def test_the_person_data_are_not_logged(client, caplog):
    world = ballot_world()
    client.force_login(paper_staff())
    with caplog.at_level("DEBUG"):
        client.post(paper_url(world), sheet_form(world))
    assert "Müller" not in caplog.text and "Löbdergraben" not in caplog.text


def test_the_sheet_list_shows_mismatches_first_with_counts_and_a_resolve_link(
    client, django_assert_max_num_queries
):
    world = ballot_world()
    a, b = paper_staff(), paper_staff()
    budget = fresh(world.budget)
    for number in range(5):
        paper_entry_create(
            by=a,
            budget=budget,
            station=world.station,
            sheet_number=f"W{number}",
            person=person_of(JOERG),
            choices={1: 1},
        )
    paper_entry_create(
        by=a,
        budget=budget,
        station=world.station,
        sheet_number="M",
        person=person_of(ANNA),
        choices={1: 1},
    )
    result = paper_entry_create(
        by=b,
        budget=budget,
        station=world.station,
        sheet_number="M",
        person=person_of(ANNA),
        choices={1: 2},
    )
    assert result.sheet.state == PaperSheetState.MISMATCH
    client.force_login(paper_staff())
    client.get(paper_url(world, "paper-sheets"))  # warm the session and permission caches
    with django_assert_max_num_queries(16):
        response = client.get(paper_url(world, "paper-sheets"))
    html = response.content.decode()
    assert response.status_code == 200
    # the sheet numbers as table cells: a bare "W0" can also occur in the page's random
    # CSP nonce or CSRF token
    assert html.index("Abweichung") < html.index("<td>W0</td>")
    assert "Klären" in html
    assert f"?station={world.station.pk}&amp;zettel=M" in html
    filtered = client.get(paper_url(world, "paper-sheets") + "?state=mismatch").content.decode()
    assert "<td>W0</td>" not in filtered and "<td>M</td>" in filtered


def test_residents_may_not_open_the_paper_pages(client):
    world = ballot_world()
    client.force_login(world.anna)
    assert client.get(paper_url(world)).status_code == 403
    assert client.get(paper_url(world, "paper-sheets")).status_code == 403


def test_the_voting_box_renders_the_persons_state_and_the_way_to_vote():
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    world = ballot_world()
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    section = voting_section(request, fresh(world.budget))
    html = render_to_string(section.template, {"section": section.context, "request": request})
    assert "Jetzt abstimmen" in html and ballot_url(world) in html

    ballot_cast(user=world.anna, budget=fresh(world.budget), choices={2: 4})
    request.user = type(world.anna).objects.get(pk=world.anna.pk)
    section = voting_section(request, fresh(world.budget))
    html = render_to_string(section.template, {"section": section.context, "request": request})
    assert "Fassung 1" in html and "Stimmzettel ansehen oder ändern" in html

    request.user = UserFactory()
    section = voting_section(request, fresh(world.budget))
    html = render_to_string(section.template, {"section": section.context, "request": request})
    assert "Bestätigen Sie Ihren Wohnsitz" in html and "Wohnsitz bestätigen" in html
