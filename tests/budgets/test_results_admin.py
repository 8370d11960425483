"""The admin of the results: counts as read-only records, implementation updates
published through the service by the project's moderators and the counting team."""

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.budgets.models import Count, ImplementationStatus, ImplementationUpdate
from participation.budgets.services.counting import count_publish, count_run
from tests.factories import ProjectFactory, StaffFactory, moderator_of

from .results_helpers import ballot, counted_budget, counter

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    budget, proposals = counted_budget()
    ballot(budget, {proposals[0]: 3, proposals[2]: 1})
    team = counter()
    with django_capture_on_commit_callbacks(execute=True):
        count = count_publish(count=count_run(budget=budget, by=team), by=team)
    return budget, proposals, count, team


def test_counting_team_reads_counts_but_cannot_change_them(client, published):
    budget, _proposals, count, team = published
    client.force_login(team)
    listing = client.get(reverse("admin:budgets_count_changelist"))
    assert listing.status_code == 200
    protocol = reverse("budgets:protocol-pdf", kwargs={"slug": budget.project.slug})
    assert protocol in listing.content.decode()
    change = client.get(reverse("admin:budgets_count_change", args=[count.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert client.get(reverse("admin:budgets_count_add")).status_code == 403
    assert client.post(reverse("admin:budgets_count_delete", args=[count.pk])).status_code == 403
    assert Count.objects.filter(pk=count.pk).exists()


def test_project_moderator_publishes_an_implementation_update_in_the_admin(client, published):
    budget, proposals, _count, _team = published
    moderator = moderator_of(budget.project, staff=True)
    client.force_login(moderator)
    url = reverse("admin:budgets_implementationupdate_add")
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert f'value="{proposals[0].pk}"' in html and f'value="{proposals[1].pk}"' not in html
    response = client.post(
        url,
        {
            "proposal": proposals[0].pk,
            "date": timezone.localdate().isoformat(),
            "status": ImplementationStatus.IN_PROGRESS,
            "progress": 30,
            "text": "Der Auftrag ist vergeben.",
        },
    )
    assert response.status_code == 302
    update = ImplementationUpdate.objects.get()
    assert update.author == moderator
    proposals[0].refresh_from_db()
    assert proposals[0].implementation_progress == 30


def test_a_refused_update_is_not_saved_and_says_why(client, published):
    budget, proposals, _count, team = published
    client.force_login(team)
    response = client.post(
        reverse("admin:budgets_implementationupdate_add"),
        {
            "proposal": proposals[0].pk,
            "date": timezone.localdate().isoformat(),
            "status": ImplementationStatus.COMPLETED,
            "progress": 90,
            "text": "Fertig.",
        },
        follow=True,
    )
    assert "100" in response.content.decode()
    assert not ImplementationUpdate.objects.exists()


def test_moderator_of_another_project_has_no_implementation_admin(client, published):
    client.force_login(moderator_of(ProjectFactory(), staff=True))
    url = reverse("admin:budgets_implementationupdate_add")
    assert client.get(url).status_code == 403
    client.force_login(StaffFactory())
    assert client.get(reverse("admin:budgets_count_changelist")).status_code == 403
