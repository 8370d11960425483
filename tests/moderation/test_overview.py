"""The header's "Moderation" link and the page with all queues of a person: each
project they moderate, the comments on measures for the city's moderation, the
Bürgerbudget's review and paper-ballot queues, with what waits there."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from participation.budgets.models import (
    BoardConfirmation,
    PaperSheet,
    PaperSheetState,
    PollingStation,
)
from participation.moderation.models import ModerationDecision
from tests.factories import (
    BudgetFactory,
    CommentFactory,
    IdeaFactory,
    MeasureFactory,
    ProjectFactory,
    ProposalFactory,
    ReportFactory,
    StaffFactory,
    UserFactory,
    global_moderator,
    moderator_of,
)

pytestmark = pytest.mark.django_db

OVERVIEW = "/beteiligung/moderation/"


def header_has_moderation_link(client) -> bool:
    html = client.get("/").content.decode()
    return f'href="{OVERVIEW}"' in html


def test_overview_url_is_stable():
    assert reverse("moderation:overview") == OVERVIEW


def test_header_shows_moderation_link_to_a_project_moderator(client):
    client.force_login(moderator_of(ProjectFactory()))
    assert header_has_moderation_link(client)


def test_header_shows_moderation_link_to_a_moderator_through_a_group(client):
    client.force_login(moderator_of(ProjectFactory(), via_group=True))
    assert header_has_moderation_link(client)


def test_header_shows_moderation_link_to_the_city_moderation(client):
    client.force_login(global_moderator())
    assert header_has_moderation_link(client)


def test_header_shows_moderation_link_to_the_budget_review_office(client):
    user = StaffFactory()
    user.user_permissions.add(Permission.objects.get(codename="review_proposal"))
    client.force_login(user)
    assert header_has_moderation_link(client)


@pytest.mark.parametrize("who", ["resident", "staff"])
def test_header_hides_moderation_link_from_people_without_a_queue(client, who):
    client.force_login(UserFactory() if who == "resident" else StaffFactory())
    assert not header_has_moderation_link(client)
    assert client.get(OVERVIEW).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_header_costs_anonymous_visitors_no_query_for_the_roles(
    client, django_assert_max_num_queries
):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    template = Template(
        "{% load moderation_tags report_tags %}{% moderates_anything as m %}"
        "{% sees_dashboard as d %}{{ m }}{{ d }}"
    )
    with django_assert_max_num_queries(0):
        assert template.render(Context({"user": AnonymousUser()})) == "FalseFalse"


def test_overview_lists_only_the_projects_of_the_moderator_with_counts(client):
    mine, other = ProjectFactory(title="Meine Laternen"), ProjectFactory(title="Fremd")
    moderator = moderator_of(mine)
    comment = CommentFactory(idea=IdeaFactory(project=mine))
    ReportFactory(comment=comment)
    ReportFactory(comment=comment)  # the same item twice: one open item
    ReportFactory(comment=None, idea=IdeaFactory(project=mine))
    ReportFactory(comment=CommentFactory(idea=IdeaFactory(project=other)))
    ModerationDecision.objects.create(
        comment=comment,
        moderator=UserFactory(),
        action=ModerationDecision.Action.HIDE,
        rule="insult",
        statement="Beleidigung.",
        review_requested_at="2026-01-01T10:00:00Z",
    )
    client.force_login(moderator)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    queues = response.context["moderation_queues"]
    assert [(q.title, q.open_items, q.open_reviews) for q in queues] == [("Meine Laternen", 2, 1)]
    html = response.content.decode()
    assert reverse("moderation:queue", kwargs={"project_slug": mine.slug}) in html
    assert reverse("moderation:queue", kwargs={"project_slug": other.slug}) not in html
    assert "Kommentare zu Maßnahmen" not in html


def test_city_moderation_sees_every_project_and_the_measures_queue(client):
    ProjectFactory.create_batch(2)
    ReportFactory(comment=CommentFactory(idea=None, measure=MeasureFactory()))
    client.force_login(global_moderator())
    queues = client.get(OVERVIEW).context["moderation_queues"]
    assert queues[0].kind == "measures"
    assert queues[0].open_items == 1
    assert len(queues) == 3


def test_budget_reviewers_see_the_review_and_paper_queues(client):
    budget = BudgetFactory(stage="voting")
    BoardConfirmation.objects.create(
        budget=budget, meeting_date="2026-09-01", decision="Bestätigt.", proposal_count=2
    )
    ProposalFactory.create_batch(2, budget=budget)  # submitted: to review
    station = PollingStation.objects.create(budget=budget, name="Rathaus")
    PaperSheet.objects.create(station=station, sheet_number="1", state=PaperSheetState.MISMATCH)
    PaperSheet.objects.create(station=station, sheet_number="2", state=PaperSheetState.ACCEPTED)
    BudgetFactory()  # another project's budget: not theirs

    before_voting = BudgetFactory(stage="submission")
    moderator = moderator_of(budget.project)
    from guardian.shortcuts import assign_perm

    assign_perm("projects.moderate_project", moderator, before_voting.project)
    client.force_login(moderator)
    response = client.get(OVERVIEW)
    budgets = response.context["budget_queues"]
    # paper ballots only once the board confirmed and the voting began
    assert sorted((q.kind, q.title, q.open_items) for q in budgets) == sorted(
        [
            ("budget-review", str(budget), 2),
            ("budget-review", str(before_voting), 0),
            ("budget-paper", str(budget), 1),
        ]
    )
    html = response.content.decode()
    assert reverse("budgets:review-queue", kwargs={"slug": budget.project.slug}) in html
    assert reverse("budgets:paper-sheets", kwargs={"slug": budget.project.slug}) in html


def test_overview_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    def build(n):
        for _ in range(n):
            project = ProjectFactory()
            ReportFactory(comment=CommentFactory(idea=IdeaFactory(project=project)))
            budget = BudgetFactory(stage=False)
            ProposalFactory(budget=budget)

    moderator = global_moderator()
    moderator.user_permissions.add(
        Permission.objects.get(codename="review_proposal"),
        Permission.objects.get(codename="enter_paper_ballot"),
    )
    build(2)
    client.force_login(moderator)
    with django_assert_max_num_queries(40) as small:
        client.get(OVERVIEW)
    build(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(OVERVIEW)
    assert len(response.context["moderation_queues"]) == 21  # 10 projects, 10 budgets
    assert len(response.context["budget_queues"]) == 10  # review only: no paper before voting
