"""The proposal services: submit, edit, withdraw, staff entry, merge, support — per
rule, per phase and per role."""

from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError

from core.exceptions import Closed, Invalid, NotAllowed
from geo.models import District
from participation.budgets.models import BoardConfirmation, Proposal, ProposalSource, ProposalStatus
from participation.budgets.services import proposals as services
from participation.budgets.services.proposals import (
    proposal_enter,
    proposal_merge,
    proposal_staff_update,
    proposal_submit,
    proposal_support_toggle,
    proposal_update,
    proposal_withdraw,
)
from participation.notifications.models import Follow, Notification, NotificationKind
from tests.factories import (
    CITY_SQUARE,
    BudgetFactory,
    CategoryFactory,
    ProposalFactory,
    StaffFactory,
    UserFactory,
    moderator_of,
    point,
)

pytestmark = pytest.mark.django_db


def _input(**overrides):
    values = {
        "title": "Bank am Spielplatz",
        "description": "Eine Bank mit Schatten für Eltern am Spielplatz.",
        "estimated_cost": 4_500,
        "location": point(),
    }
    values.update(overrides)
    return values


@pytest.fixture
def budget():
    return BudgetFactory()


def test_resident_submits_a_proposal_during_the_submission(budget):
    author = UserFactory()
    category = CategoryFactory(project=budget.project)
    proposal = proposal_submit(author=author, budget=budget, category=category, **_input())
    assert proposal.number == 1
    assert proposal.source == ProposalSource.ONLINE
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.category == category
    assert proposal.location["coordinates"] == point()["coordinates"]


def test_proposals_are_numbered_per_budget(budget):
    first = proposal_submit(author=UserFactory(), budget=budget, **_input())
    second = proposal_submit(author=UserFactory(), budget=budget, **_input(title="Zweiter"))
    other = proposal_submit(author=UserFactory(), budget=BudgetFactory(), **_input())
    assert (first.number, second.number, other.number) == (1, 2, 1)


def test_a_number_taken_meanwhile_is_retried_with_the_next(budget):
    """Two submissions at the same moment: the second insert meets the unique number and
    takes the next one instead of failing."""
    ProposalFactory(budget=budget, number=1)
    real = services._next_number
    calls = []

    def stale_then_fresh(b):
        calls.append(1)
        return 1 if len(calls) == 1 else real(b)  # the first read missed number 1

    with mock.patch.object(services, "_next_number", side_effect=stale_then_fresh):
        proposal = proposal_submit(author=UserFactory(), budget=budget, **_input())
    assert proposal.number == 2
    assert len(calls) == 2


def test_an_integrity_error_that_is_not_the_number_is_not_swallowed(budget):
    with (
        mock.patch.object(Proposal, "save", side_effect=IntegrityError("other")),
        pytest.raises(IntegrityError),
    ):
        proposal_submit(author=UserFactory(), budget=budget, **_input())


@pytest.mark.parametrize("stage", ["review", "voting", "implementation"])
def test_nobody_submits_outside_the_submission_phase(stage):
    budget = BudgetFactory(stage=stage)
    with pytest.raises(Closed):
        proposal_submit(author=UserFactory(), budget=budget, **_input())
    assert not Proposal.objects.exists()


def test_anonymous_and_unverified_people_cannot_submit(budget):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        proposal_submit(author=AnonymousUser(), budget=budget, **_input())
    with pytest.raises(NotAllowed):
        proposal_submit(author=UserFactory(verified=False), budget=budget, **_input())


def test_a_cost_over_the_cap_is_refused_with_a_clear_message(budget):
    with pytest.raises(Invalid) as error:
        proposal_submit(author=UserFactory(), budget=budget, **_input(estimated_cost=10_001))
    message = " ".join(error.value.message_dict["estimated_cost"])
    assert "10.001 €" in message and "10.000 €" in message


def test_a_cost_at_the_cap_is_accepted(budget):
    proposal = proposal_submit(author=UserFactory(), budget=budget, **_input(estimated_cost=10_000))
    assert proposal.estimated_cost == 10_000


def test_a_category_of_another_project_is_refused(budget):
    foreign = CategoryFactory()
    with pytest.raises(Invalid) as error:
        proposal_submit(author=UserFactory(), budget=budget, category=foreign, **_input())
    assert "category" in error.value.message_dict


def test_a_point_outside_the_budget_area_is_refused(budget):
    with pytest.raises(Invalid) as error:
        proposal_submit(author=UserFactory(), budget=budget, **_input(location=point(13.4, 52.5)))
    assert "location" in error.value.message_dict


def test_without_a_point_district_and_place_are_needed(budget):
    with pytest.raises(Invalid) as error:
        proposal_submit(author=UserFactory(), budget=budget, **_input(location=None))
    assert {"district", "place_description"} <= set(error.value.message_dict)
    zentrum = District.objects.create(name="Zentrum", slug="zentrum", boundary=CITY_SQUARE)
    proposal = proposal_submit(
        author=UserFactory(),
        budget=budget,
        district=zentrum,
        place_description="Markt 1",
        **_input(location=None),
    )
    assert proposal.district == zentrum and proposal.location is None


def test_the_district_is_derived_from_the_point_when_none_is_chosen(budget):
    zentrum = District.objects.create(
        name="Zentrum",
        slug="zentrum",
        boundary={"type": "MultiPolygon", "coordinates": [CITY_SQUARE["coordinates"]]},
    )
    from geo.selectors import district_cache_clear

    district_cache_clear()
    proposal = proposal_submit(author=UserFactory(), budget=budget, **_input())
    district_cache_clear()
    assert proposal.district == zentrum


def test_the_author_follows_the_budget_project(budget):
    author = UserFactory()
    proposal_submit(author=author, budget=budget, **_input())
    assert Follow.objects.filter(user=author, project=budget.project, is_automatic=True).exists()


def test_the_author_edits_while_the_submission_runs(budget):
    author = UserFactory()
    proposal = proposal_submit(author=author, budget=budget, **_input())
    proposal_update(
        proposal=proposal, actor=author, **_input(title="Zwei Bänke", estimated_cost=9_000)
    )
    proposal.refresh_from_db()
    assert (proposal.title, proposal.estimated_cost) == ("Zwei Bänke", 9_000)


def test_another_person_cannot_edit_or_withdraw(budget):
    proposal = proposal_submit(author=UserFactory(), budget=budget, **_input())
    other = UserFactory()
    with pytest.raises(NotAllowed):
        proposal_update(proposal=proposal, actor=other, **_input(title="Gekapert"))
    with pytest.raises(NotAllowed):
        proposal_withdraw(proposal=proposal, actor=other)
    with pytest.raises(NotAllowed):
        proposal_update(proposal=proposal, actor=moderator_of(budget.project), **_input())


def test_the_author_cannot_edit_a_proposal_in_review(budget):
    author = UserFactory()
    proposal = proposal_submit(author=author, budget=budget, **_input())
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.IN_REVIEW)
    proposal.refresh_from_db()
    with pytest.raises(Invalid):
        proposal_update(proposal=proposal, actor=author, **_input(title="Später"))
    with pytest.raises(Invalid):
        proposal_withdraw(proposal=proposal, actor=author)


def test_a_failed_edit_leaves_the_instance_as_stored(budget):
    author = UserFactory()
    proposal = proposal_submit(author=author, budget=budget, **_input())
    with pytest.raises(Invalid):
        proposal_update(proposal=proposal, actor=author, **_input(title="", estimated_cost=1))
    assert proposal.title == "Bank am Spielplatz"


def test_the_author_withdraws_a_proposal(budget):
    author = UserFactory()
    proposal = proposal_submit(author=author, budget=budget, **_input())
    proposal_withdraw(proposal=proposal, actor=author)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_staff_record_a_letter_for_a_person_without_an_account():
    budget = BudgetFactory(stage="review")  # letters may still be entered in review
    staff = moderator_of(budget.project, staff=True)
    proposal = proposal_enter(
        by=staff,
        budget=budget,
        source=ProposalSource.LETTER,
        author_name="Erika Muster",
        author_contact="Markt 1, 07743 Jena",
        title="Trinkbrunnen",
        description="Ein Trinkbrunnen am Markt.",
        estimated_cost=8_000,
    )
    assert proposal.author is None and proposal.entered_by == staff
    assert proposal.author_display == "Erika Muster"
    assert proposal.number == 1


def test_staff_entry_needs_a_name_and_not_the_online_source(budget):
    staff = moderator_of(budget.project, staff=True)
    with pytest.raises(Invalid) as error:
        proposal_enter(
            by=staff,
            budget=budget,
            source=ProposalSource.ONLINE,
            author_name="",
            **_input(),
        )
    assert {"source", "author_name"} <= set(error.value.message_dict)


def test_staff_entry_keeps_the_cost_cap(budget):
    staff = moderator_of(budget.project, staff=True)
    with pytest.raises(Invalid) as error:
        proposal_enter(
            by=staff,
            budget=budget,
            source=ProposalSource.EMAIL,
            author_name="Erika",
            **_input(estimated_cost=50_000),
        )
    assert "estimated_cost" in error.value.message_dict


def test_residents_and_moderators_of_other_projects_cannot_enter_proposals(budget):
    for person in (UserFactory(), moderator_of(BudgetFactory().project, staff=True)):
        with pytest.raises(NotAllowed):
            proposal_enter(
                by=person,
                budget=budget,
                source=ProposalSource.LETTER,
                author_name="Erika",
                **_input(),
            )


def test_holders_of_the_review_permission_enter_proposals(budget):
    from django.contrib.auth.models import Permission

    staff = StaffFactory()
    staff.user_permissions.add(Permission.objects.get(codename="review_proposal"))
    staff = type(staff).objects.get(pk=staff.pk)
    proposal = proposal_enter(
        by=staff, budget=budget, source=ProposalSource.DESK, author_name="Erika", **_input()
    )
    assert proposal.source == ProposalSource.DESK


def test_staff_edit_a_letter_proposal(budget):
    staff = moderator_of(budget.project, staff=True)
    proposal = proposal_enter(
        by=staff, budget=budget, source=ProposalSource.LETTER, author_name="Erika", **_input()
    )
    proposal_staff_update(
        proposal=proposal, by=staff, author_name="Erika M.", **_input(title="Neu")
    )
    proposal.refresh_from_db()
    assert (proposal.title, proposal.author_name) == ("Neu", "Erika M.")


def _confirm(budget):
    import datetime

    BoardConfirmation.objects.create(
        budget=budget,
        meeting_date=datetime.date(2026, 9, 1),
        decision="Bestätigt.",
        proposal_count=0,
    )


def test_merge_links_the_duplicate_and_tells_both_authors(
    budget, django_capture_on_commit_callbacks
):
    first_author, second_author = UserFactory(), UserFactory()
    into = proposal_submit(author=first_author, budget=budget, **_input())
    duplicate = proposal_submit(author=second_author, budget=budget, **_input(title="Bank"))
    staff = moderator_of(budget.project, staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_merge(proposal=duplicate, into=into, by=staff, reason="Beide wollen eine Bank.")
    duplicate.refresh_from_db()
    assert duplicate.status == ProposalStatus.MERGED and duplicate.merged_into == into
    told = Notification.objects.filter(kind=NotificationKind.PROPOSAL_MERGED)
    assert set(told.values_list("recipient_id", flat=True)) == {first_author.pk, second_author.pk}
    assert {m.to[0] for m in mail.outbox} >= {first_author.email, second_author.email}


def test_merge_emails_a_staff_entered_author_at_the_address_given(
    budget, django_capture_on_commit_callbacks
):
    staff = moderator_of(budget.project, staff=True)
    letter = proposal_enter(
        by=staff,
        budget=budget,
        source=ProposalSource.EMAIL,
        author_name="Erika",
        author_contact="erika@example.org",
        **_input(),
    )
    postal = proposal_enter(
        by=staff,
        budget=budget,
        source=ProposalSource.LETTER,
        author_name="Max",
        author_contact="Markt 1, 07743 Jena",
        **_input(),
    )
    into = proposal_submit(author=UserFactory(), budget=budget, **_input())
    with django_capture_on_commit_callbacks(execute=True):
        proposal_merge(proposal=letter, into=into, by=staff, reason="Dasselbe.")
        proposal_merge(proposal=postal, into=into, by=staff, reason="Dasselbe.")
    contacts = [m.to[0] for m in mail.outbox]
    assert "erika@example.org" in contacts
    assert not any("Markt 1" in to for to in contacts)
    assert "Erika" in next(m.body for m in mail.outbox if m.to == ["erika@example.org"])


def test_merge_is_refused_after_the_board_confirmed(budget):
    into = proposal_submit(author=UserFactory(), budget=budget, **_input())
    duplicate = proposal_submit(author=UserFactory(), budget=budget, **_input())
    _confirm(budget)
    with pytest.raises(Closed):
        proposal_merge(
            proposal=duplicate,
            into=into,
            by=moderator_of(budget.project, staff=True),
            reason="Zu spät.",
        )


def test_merge_across_budgets_or_into_itself_is_refused(budget):
    staff = moderator_of(budget.project, staff=True)
    proposal = proposal_submit(author=UserFactory(), budget=budget, **_input())
    foreign = ProposalFactory()
    for into in (foreign, proposal):
        with pytest.raises(Invalid) as error:
            proposal_merge(proposal=proposal, into=into, by=staff, reason="Test")
        assert "into" in error.value.message_dict


def test_residents_cannot_merge(budget):
    into = proposal_submit(author=UserFactory(), budget=budget, **_input())
    duplicate = proposal_submit(author=UserFactory(), budget=budget, **_input())
    with pytest.raises(NotAllowed):
        proposal_merge(proposal=duplicate, into=into, by=into.author, reason="Meins")


def test_support_toggles_and_counts(budget):
    proposal = proposal_submit(author=UserFactory(), budget=budget, **_input())
    supporter = UserFactory()
    assert proposal_support_toggle(proposal=proposal, user=supporter) is True
    assert proposal.support_count == 1
    assert proposal_support_toggle(proposal=proposal, user=supporter) is False
    assert proposal.support_count == 0


def test_support_is_closed_outside_the_submission():
    budget = BudgetFactory(stage="voting")
    proposal = ProposalFactory(budget=budget)
    with pytest.raises(Closed):
        proposal_support_toggle(proposal=proposal, user=UserFactory())


def test_the_author_cannot_edit_once_the_submission_has_ended():
    budget = BudgetFactory(stage="review")
    proposal = ProposalFactory(budget=budget)
    with pytest.raises(Closed):
        proposal_update(proposal=proposal, actor=proposal.author, **_input(title="Zu spät"))


def test_a_phase_for_residents_refuses_people_without_a_confirmed_residence(budget):
    budget.project.phases.filter(type="submission").update(
        requires_resident=True, eligibility_scope="all"
    )
    with pytest.raises(NotAllowed) as error:
        proposal_submit(author=UserFactory(), budget=budget, **_input())
    assert error.value.code == "resident"


def test_submitting_keeps_the_posting_limit_of_ideas(budget, settings):
    from core.ratelimit import RateLimited

    settings.POSTING_RATE_LIMITS = {"idea": "1/h"}
    author = UserFactory()
    proposal_submit(author=author, budget=budget, **_input())
    with pytest.raises(RateLimited):
        proposal_submit(author=author, budget=budget, **_input(title="Noch einer"))
    assert Proposal.objects.count() == 1


def test_a_photo_needs_a_description_and_is_stored_cleaned(budget, settings, tmp_path):
    from tests.ideas.factories_ideas import photo

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(Invalid) as error:
        proposal_submit(author=UserFactory(), budget=budget, image=photo(), **_input())
    assert "image_alt" in error.value.message_dict
    proposal = proposal_submit(
        author=UserFactory(),
        budget=budget,
        image=photo(),
        image_alt="Die gesperrte Rutsche",
        **_input(),
    )
    assert proposal.image and proposal.image_alt == "Die gesperrte Rutsche"


def test_a_file_that_is_no_photo_is_refused(budget):
    from django.core.files.uploadedfile import SimpleUploadedFile

    svg = SimpleUploadedFile("bild.png", b"<svg onload='alert(1)'/>", "image/png")
    with pytest.raises(Invalid) as error:
        proposal_submit(
            author=UserFactory(), budget=budget, image=svg, image_alt="Bild", **_input()
        )
    assert "image" in error.value.message_dict
