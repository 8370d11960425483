"""The notification centre, the header count, the e-mail preferences, the unsubscribe
page and the notifications API."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from participation.notifications.delivery import unsubscribe_token
from participation.notifications.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from participation.notifications.services import notify
from tests.factories import IdeaFactory, UserFactory

pytestmark = [pytest.mark.django_db]


def notify_about(user, n=1, *, kind=NotificationKind.COMMENT_ON_MY_IDEA):
    for _ in range(n):
        idea = IdeaFactory()
        notify(
            recipients=[user], kind=kind, event_key=f"page:{idea.pk}",
            url=idea.get_absolute_url(),
            context={"idea": idea.title, "actor": "Bernd", "excerpt": "<b>fett</b>"},
            idea=idea, project=idea.project,
        )


@pytest.fixture
def resident(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_centre_needs_a_signed_in_person(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_centre_lists_own_notifications_newest_first_with_unread_marked(client, resident):
    notify_about(resident, 2)
    notify_about(UserFactory(), 1)  # someone else's
    older, newer = Notification.objects.filter(recipient=resident).order_by("pk")
    Notification.objects.filter(pk=older.pk).update(read_at=older.created_at)
    response = client.get(reverse("notifications:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="site-card notification') == 2
    assert html.index(f"notification-{newer.pk}") < html.index(f"notification-{older.pk}")
    assert html.count("notification--unread") == 1
    assert f'href="{newer.url}"' in html
    assert "&lt;b&gt;fett&lt;/b&gt;" in html  # user text escaped


def test_the_centre_runs_a_constant_number_of_queries(client, resident,
                                                      django_assert_max_num_queries):
    notify_about(resident, 2)
    url = reverse("notifications:list")
    with django_assert_max_num_queries(8):
        client.get(url)
    notify_about(resident, 25)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert 'aria-current="page"' in response.content.decode()  # paginated


def test_mark_one_and_all_read(client, resident):
    notify_about(resident, 3)
    first = Notification.objects.filter(recipient=resident).first()
    response = client.post(reverse("notifications:read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(recipient=resident, read_at__isnull=True).count() == 2
    client.post(reverse("notifications:read-all"))
    assert not Notification.objects.filter(recipient=resident, read_at__isnull=True).exists()


def test_nobody_marks_someone_elses_notification(client, resident):
    notify_about(UserFactory())
    other = Notification.objects.get()
    response = client.post(reverse("notifications:read", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_header_count_is_one_query_and_zero_for_anonymous(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    user = UserFactory()
    notify_about(user, 3)
    Notification.objects.filter(pk=Notification.objects.first().pk).update(
        read_at="2026-01-01T00:00:00Z"
    )
    template = Template(
        "{% load notifications_tags %}{% unread_notifications_count as n %}"
        "{% unread_notifications_count as m %}{{ n }}/{{ m }}"
    )
    request = RequestFactory().get("/")
    request.user = user
    with django_assert_num_queries(1):
        assert template.render(Context({"request": request, "user": user})) == "2/2"
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert template.render(Context({"request": request, "user": request.user})) == "0/0"


def test_preferences_show_the_defaults_and_save_choices(client, resident):
    url = reverse("notifications:preferences")
    html = client.get(url).content.decode()
    assert "Voreinstellung: sofort per E-Mail" in html
    assert "Voreinstellung: täglich gesammelt" in html
    data = {kind: Delivery.IMMEDIATE for kind in NotificationKind.values}
    data[NotificationKind.PROGRESS_UPDATE] = Delivery.WEEKLY
    data[NotificationKind.COMMENT_ON_MY_IDEA] = Delivery.OFF
    response = client.post(url, data)
    assert response.status_code == 302
    saved = dict(
        NotificationPreference.objects.filter(user=resident).values_list("kind", "delivery")
    )
    assert saved[NotificationKind.PROGRESS_UPDATE] == Delivery.WEEKLY
    assert saved[NotificationKind.COMMENT_ON_MY_IDEA] == Delivery.OFF
    assert NotificationKind.IDEA_RESPONSE not in saved  # the default needs no row


def test_unsubscribe_page_asks_first_and_works_signed_out(client):
    user = UserFactory()
    token = unsubscribe_token(user_id=user.pk, scope=NotificationKind.NEW_IDEA)
    url = reverse("notifications:unsubscribe", args=[token])
    response = client.get(url)
    assert response.status_code == 200
    assert "Ja, abbestellen" in response.content.decode()
    assert not NotificationPreference.objects.exists()
    response = client.post(url)
    assert response.status_code == 200
    assert "Erledigt" in response.content.decode()
    assert NotificationPreference.objects.get(user=user).delivery == Delivery.OFF


def test_unsubscribing_a_digest_turns_off_every_kind_it_carries(client):
    user = UserFactory()
    token = unsubscribe_token(user_id=user.pk, scope=Delivery.DAILY)
    client.post(reverse("notifications:unsubscribe", args=[token]))
    off = set(NotificationPreference.objects.filter(user=user, delivery=Delivery.OFF)
              .values_list("kind", flat=True))
    assert NotificationKind.PROGRESS_UPDATE in off and NotificationKind.NEW_IDEA in off
    assert NotificationKind.COMMENT_ON_MY_IDEA not in off


def test_a_forged_unsubscribe_link_is_404(client):
    user = UserFactory()
    token = unsubscribe_token(user_id=user.pk, scope=NotificationKind.NEW_IDEA)
    response = client.post(
        reverse("notifications:unsubscribe", args=[token[:-2] + "xx"])
    )
    assert response.status_code == 404
    assert not NotificationPreference.objects.exists()


# --- API ------------------------------------------------------------------------------------


def test_api_lists_only_own_notifications(client, resident, django_assert_max_num_queries):
    notify_about(resident, 2)
    notify_about(UserFactory(), 1)
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/notifications/").json()
    assert data["count"] == 2
    assert {row["kind"] for row in data["results"]} == {NotificationKind.COMMENT_ON_MY_IDEA}
    assert data["results"][0]["title"].startswith("Bernd hat Ihre Idee")
    assert data["results"][0]["url"].startswith("http://testserver/beteiligung/")
    notify_about(resident, 10)
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 12


def test_api_marks_read_and_hides_others(client, resident):
    notify_about(resident, 2)
    notify_about(UserFactory(), 1)
    mine = Notification.objects.filter(recipient=resident).first()
    other = Notification.objects.exclude(recipient=resident).get()
    response = client.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert client.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404
    response = client.post("/api/v1/notifications/read-all/")
    assert response.json() == {"marked": 1}
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_api_needs_a_signed_in_person(client):
    assert client.get("/api/v1/notifications/").status_code == 403


def test_preferences_offer_role_kinds_only_to_people_with_the_role(client):
    from guardian.shortcuts import assign_perm

    from tests.factories import MeasureFactory, ProjectFactory

    url = reverse("notifications:preferences")
    report_field = f'name="{NotificationKind.NEW_REPORT}"'
    stale_field = f'name="{NotificationKind.MEASURE_STALE}"'

    resident = UserFactory()
    client.force_login(resident)
    html = client.get(url).content.decode()
    assert f'name="{NotificationKind.IDEA_RESPONSE}"' in html
    assert report_field not in html and stale_field not in html

    moderator = UserFactory()
    assign_perm("projects.moderate_project", moderator, ProjectFactory())
    client.force_login(moderator)
    html = client.get(url).content.decode()
    assert report_field in html and stale_field not in html

    manager = UserFactory()
    assign_perm("measures.change_measure", manager, MeasureFactory())
    client.force_login(manager)
    html = client.get(url).content.decode()
    assert stale_field in html and report_field not in html
    response = client.post(url, {kind: Delivery.DAILY for kind in NotificationKind.values})
    assert response.status_code == 302
    saved = set(
        NotificationPreference.objects.filter(user=manager).values_list("kind", flat=True)
    )
    assert NotificationKind.NEW_REPORT not in saved  # not offered, not saved
