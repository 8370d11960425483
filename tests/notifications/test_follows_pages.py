"""The follow button (POST, no JavaScript), the Abonnements page and the follow sections
on the measure, project and idea pages — from the outside, for every kind of visitor."""

import pytest
from django.urls import reverse

from participation.notifications.models import Follow
from projects.models import Project
from tests.factories import (
    CoreAreaFactory,
    IdeaFactory,
    MeasureBundleFactory,
    MeasureFactory,
    ProjectFactory,
    StaffFactory,
    UserFactory,
)
from tests.notifications.factories_follows import DistrictFactory, follow_everything

pytestmark = pytest.mark.django_db

FOLLOWS = "/beteiligung/abonnements/"


def follow_url(kind: str, pk: int) -> str:
    return f"/beteiligung/abonnements/{kind}/{pk}/folgen/"


def unfollow_url(kind: str, pk: int) -> str:
    return f"/beteiligung/abonnements/{kind}/{pk}/nicht-mehr-folgen/"


def test_the_urls_are_named():
    assert reverse("notifications:follows") == FOLLOWS
    assert reverse("notifications:follow-create", args=["massnahme", 3]) == follow_url(
        "massnahme", 3
    )
    assert reverse("notifications:follow-delete", args=["idee", 4]) == unfollow_url("idee", 4)


# --- Follow / unfollow endpoint ---------------------------------------------------------------


def test_a_resident_follows_a_measure_and_goes_back_to_the_button(client):
    measure = MeasureFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        follow_url("massnahme", measure.pk), {"next": measure.get_absolute_url()}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{measure.get_absolute_url()}#follow-measure-{measure.pk}"
    assert Follow.objects.filter(user=user, measure=measure).exists()
    page = client.get(measure.get_absolute_url())
    assert "Sie folgen jetzt" in page.content.decode()


def test_a_foreign_next_url_is_not_followed(client):
    measure = MeasureFactory()
    client.force_login(UserFactory())
    response = client.post(follow_url("massnahme", measure.pk), {"next": "https://evil.example/"})
    assert response["Location"] == f"{FOLLOWS}#follow-measure-{measure.pk}"


def test_following_twice_through_the_page_keeps_one_row(client):
    idea = IdeaFactory()
    client.force_login(UserFactory())
    client.post(follow_url("idee", idea.pk))
    client.post(follow_url("idee", idea.pk))
    assert Follow.objects.filter(idea=idea).count() == 1


def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_stored(client):
    project = ProjectFactory()
    response = client.post(follow_url("projekt", project.pk), {"next": "/beteiligung/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Follow.objects.exists()


def test_an_unverified_person_is_told_to_verify_first(client):
    measure = MeasureFactory()
    client.force_login(UserFactory(verified=False))
    response = client.post(follow_url("massnahme", measure.pk), follow=True)
    assert "bestätigen Sie zuerst Ihre E-Mail-Adresse" in response.content.decode()
    assert not Follow.objects.exists()


def test_a_draft_project_cannot_be_followed(client):
    project = ProjectFactory(status=Project.Status.DRAFT)
    client.force_login(UserFactory())
    assert client.post(follow_url("projekt", project.pk)).status_code == 404
    assert not Follow.objects.exists()


def test_an_unknown_kind_or_target_is_a_404(client):
    client.force_login(UserFactory())
    assert client.post(follow_url("nutzer", 1)).status_code == 404
    assert client.post(follow_url("massnahme", 999999)).status_code == 404


def test_following_needs_a_post(client):
    measure = MeasureFactory()
    client.force_login(UserFactory())
    assert client.get(follow_url("massnahme", measure.pk)).status_code == 405


def test_unfollowing_removes_only_ones_own_follow(client):
    measure = MeasureFactory()
    me, other = UserFactory(), UserFactory()
    Follow.objects.create(user=me, measure=measure)
    Follow.objects.create(user=other, measure=measure)
    client.force_login(me)
    response = client.post(unfollow_url("massnahme", measure.pk), {"next": FOLLOWS})
    assert response["Location"] == f"{FOLLOWS}#follow-measure-{measure.pk}"
    assert list(Follow.objects.values_list("user", flat=True)) == [other.pk]


def test_another_persons_follow_cannot_be_deleted_by_anonymous(client):
    measure = MeasureFactory()
    Follow.objects.create(user=UserFactory(), measure=measure)
    client.post(unfollow_url("massnahme", measure.pk))
    assert Follow.objects.count() == 1


def test_an_idea_hidden_later_can_still_be_unfollowed(client):
    idea = IdeaFactory()
    user = UserFactory()
    Follow.objects.create(user=user, idea=idea)
    idea.is_hidden = True
    idea.save()
    client.force_login(user)
    client.post(unfollow_url("idee", idea.pk))
    assert not Follow.objects.exists()


# --- The button on the pages -----------------------------------------------------------------


def test_the_measure_page_offers_following_to_a_resident(client):
    measure = MeasureFactory()
    client.force_login(UserFactory())
    html = client.get(measure.get_absolute_url()).content.decode()
    assert f'id="follow-measure-{measure.pk}"' in html
    assert f'action="{follow_url("massnahme", measure.pk)}"' in html
    assert 'aria-pressed="false"' in html


def test_the_measure_page_shows_a_followed_measure_as_pressed(client):
    measure = MeasureFactory()
    user = UserFactory()
    Follow.objects.create(user=user, measure=measure)
    client.force_login(user)
    html = client.get(measure.get_absolute_url()).content.decode()
    assert f'action="{unfollow_url("massnahme", measure.pk)}"' in html
    assert 'aria-pressed="true"' in html
    assert "Sie folgen" in html


def test_an_anonymous_visitor_sees_a_sign_in_link_instead(client):
    measure = MeasureFactory()
    html = client.get(measure.get_absolute_url()).content.decode()
    assert "Anmelden, um zu folgen" in html
    assert follow_url("massnahme", measure.pk) not in html


def test_the_project_page_has_the_follow_button(client):
    project = ProjectFactory()
    client.force_login(UserFactory())
    html = client.get(project.get_absolute_url()).content.decode()
    assert f'action="{follow_url("projekt", project.pk)}"' in html


def test_a_draft_project_page_shows_its_moderator_no_follow_button(client):
    project = ProjectFactory(status=Project.Status.DRAFT)
    client.force_login(StaffFactory())
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert follow_url("projekt", project.pk) not in response.content.decode()


def test_the_idea_page_has_the_follow_button(client):
    idea = IdeaFactory()
    client.force_login(UserFactory())
    html = client.get(idea.get_absolute_url()).content.decode()
    assert f'action="{follow_url("idee", idea.pk)}"' in html


# --- The Abonnements page --------------------------------------------------------------------


def test_the_abonnements_page_needs_signing_in(client):
    response = client.get(FOLLOWS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_abonnements_page_lists_follows_grouped_with_unfollow_buttons(client):
    user = UserFactory()
    measure, idea = MeasureFactory(title="Smarte Laternen"), IdeaFactory(title="Bank am Teich")
    Follow.objects.create(user=user, measure=measure)
    Follow.objects.create(user=user, idea=idea, is_automatic=True)
    Follow.objects.create(user=UserFactory(), measure=MeasureFactory(title="Fremd"))
    client.force_login(user)
    html = client.get(FOLLOWS).content.decode()
    assert "Smarte Laternen" in html and "Bank am Teich" in html
    assert "Fremd" not in html
    assert html.index("Maßnahmen (1)") < html.index("Ideen (1)")
    assert unfollow_url("massnahme", measure.pk) in html
    assert unfollow_url("idee", idea.pk) in html
    assert "automatisch, weil Sie mitgemacht haben" in html
    assert "Wer mitmacht, folgt automatisch" in html


def test_an_empty_abonnements_page_explains_how_to_follow(client):
    client.force_login(UserFactory())
    html = client.get(FOLLOWS).content.decode()
    assert "Sie folgen noch nichts" in html


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("bundle", MeasureBundleFactory),
        ("core_area", CoreAreaFactory),
        ("district", DistrictFactory),
    ],
)
def test_subscribing_to_a_bundle_core_area_or_district_from_the_list(client, kind, make):
    target = make()
    user = UserFactory()
    client.force_login(user)
    response = client.post(FOLLOWS, {"kind": kind, f"{kind}-target": target.pk})
    assert response.status_code == 302
    assert Follow.objects.filter(user=user, **{kind: target}).exists()
    assert "Sie folgen jetzt" in client.get(response["Location"]).content.decode()


def test_subscribing_without_a_choice_shows_the_form_error(client):
    client.force_login(UserFactory())
    response = client.post(FOLLOWS, {"kind": "district", "district-target": ""})
    assert response.status_code == 200
    assert 'id="id_district-target_error"' in response.content.decode()
    assert not Follow.objects.exists()


def test_an_unverified_person_gets_no_subscribe_forms(client):
    client.force_login(UserFactory(verified=False))
    html = client.get(FOLLOWS).content.decode()
    assert "bestätigen Sie zuerst Ihre E-Mail-Adresse" in html
    assert 'name="kind"' not in html


@pytest.mark.parametrize("count", [3, 30])
def test_the_abonnements_page_runs_a_fixed_number_of_queries(
    client, count, django_assert_max_num_queries
):
    user = UserFactory()
    follow_everything(user, count // 3, kinds=("measure", "project", "idea"))
    client.force_login(user)
    # session, user, follows with targets, verified e-mail, bundles, core areas, districts,
    # the header's "Moderation" and "Dashboard" links (2)
    with django_assert_max_num_queries(10):
        response = client.get(FOLLOWS)
    assert response.content.decode().count("Nicht mehr folgen</span>") == count


def test_every_kind_is_listed_with_the_same_queries(client, django_assert_max_num_queries):
    user = UserFactory()
    follow_everything(user, 2)
    client.force_login(user)
    with django_assert_max_num_queries(10):
        response = client.get(FOLLOWS)
    html = response.content.decode()
    for heading in ("Maßnahmen (2)", "Maßnahmenbündel (2)", "Kernbereiche (2)",
                    "Beteiligungsprojekte (2)", "Ideen (2)", "Ortsteile (2)"):
        assert heading in html
