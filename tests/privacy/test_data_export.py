"""GDPR "download my data": a Celery task (eager here) builds a ZIP with daten.json and
the person's photos in private storage; only that person downloads it, until it expires."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from participation.ideas.models import Vote
from participation.notifications.models import Follow, NotificationPreference
from privacy import services
from privacy.models import DataExport
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    MeasureFactory,
    UserFactory,
    VotingPhaseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def person():
    user = UserFactory(email="anna.export@example.org", display_name="Anna Export")
    idea = IdeaFactory(author=user, title="Bank am Saaleufer", text="Bitte eine Bank.")
    CommentFactory(author=user, idea=idea, text="Mein Kommentar")
    other = IdeaFactory(title="Fremde Idee")
    Vote.objects.create(user=user, idea=other, phase=VotingPhaseFactory(project=other.project))
    Follow.objects.create(user=user, measure=MeasureFactory(title="Sensoren"))
    NotificationPreference.objects.create(user=user, kind="new_idea", delivery="off")
    IdeaFactory(title="Geheime Idee von jemand anderem")
    return user


def build(client, user, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:data-export-create"))
    assert response.status_code == 302
    return DataExport.objects.get(user=user)


def test_a_person_gets_all_their_data_and_nobody_elses(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    export = build(client, person, django_capture_on_commit_callbacks)
    assert export.state == DataExport.State.READY and export.is_available
    assert mailoutbox and "Datenauskunft" in mailoutbox[-1].subject
    assert mailoutbox[-1].to == [person.email]

    page = client.get(reverse("privacy:data")).content.decode()
    download = reverse("privacy:data-export-download", args=[export.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("daten.json"))
    assert data["account"]["email"] == "anna.export@example.org"
    assert data["account"]["display_name"] == "Anna Export"
    assert [i["title"] for i in data["ideas"]] == ["Bank am Saaleufer"]
    assert [c["text"] for c in data["comments"]] == ["Mein Kommentar"]
    assert [v["idea_title"] for v in data["votes"]] == ["Fremde Idee"]
    assert data["follows"][0]["type"] == "measure"
    assert data["notification_preferences"] == {"new_idea": "off"}
    assert data["email_addresses"][0]["email"] == "anna.export@example.org"
    assert "Geheime Idee" not in archive.read("daten.json").decode()
    assert "LIESMICH.txt" in archive.namelist()


def test_only_the_person_can_download_and_not_after_expiry(
    client, person, django_capture_on_commit_callbacks
):
    export = build(client, person, django_capture_on_commit_callbacks)
    url = reverse("privacy:data-export-download", args=[export.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in
    client.force_login(person)
    DataExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(url).status_code == 404
    assert services.data_exports_expire() == 1
    assert not DataExport.objects.exists()


def test_the_file_is_not_under_the_public_media_url(
    client, person, django_capture_on_commit_callbacks, settings
):
    # The embedded default's private storage: a folder of its own, outside MEDIA_ROOT.
    settings.STORAGES = {
        **settings.STORAGES, "private": {"BACKEND": "core.storage.PrivateFileSystemStorage"}
    }
    export = build(client, person, django_capture_on_commit_callbacks)
    path = export.file.path
    assert str(settings.PRIVATE_ROOT) in path and str(settings.MEDIA_ROOT) not in path
    with pytest.raises(ValueError, match="not accessible via a URL"):
        export.file.url  # noqa: B018 - no link can be made to it
    response = client.get(reverse("privacy:data-export-download", args=[export.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_one_request_at_a_time(person):
    services.data_export_request(user=person)  # on_commit never runs: stays pending
    with pytest.raises(ValidationError):
        services.data_export_request(user=person)
    DataExport.objects.update(state=DataExport.State.READY)
    with pytest.raises(ValidationError):  # again only after a few minutes
        services.data_export_request(user=person)


def test_the_data_page_needs_a_sign_in(client):
    response = client.get(reverse("privacy:data"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_retention_deletes_old_notifications_and_never_confirmed_accounts(settings):
    from participation.notifications.models import Notification
    from participation.notifications.services import notify

    now = timezone.now()
    reader = UserFactory()
    for key in ("alt", "neu", "wartet"):
        notify(recipients=[reader], kind="idea_response", event_key=key, url="/",
               context={"idea": key})
    Notification.objects.filter(event_key__in=["alt", "wartet"]).update(
        created_at=now - datetime.timedelta(days=400)
    )
    Notification.objects.filter(event_key="alt").update(emailed_at=now)
    never_confirmed = UserFactory(verified=False, last_login=None)
    confirmed = UserFactory(verified=True, last_login=None)
    author = UserFactory(verified=False, last_login=None)
    IdeaFactory(author=author)
    type(reader).objects.filter(pk__in=[never_confirmed.pk, confirmed.pk, author.pk]).update(
        date_joined=now - datetime.timedelta(days=30)
    )

    result = services.apply_retention(now)

    assert set(Notification.objects.values_list("event_key", flat=True)) == {"neu", "wartet"}
    assert result["notifications"] == 1 and result["unverified_accounts"] == 1
    assert not type(reader).objects.filter(pk=never_confirmed.pk).exists()
    assert type(reader).objects.filter(pk__in=[confirmed.pk, author.pk]).count() == 2


def test_the_privacy_page_says_what_is_kept_how_long_and_how_to_get_or_delete_it(client):
    html = client.get("/datenschutz/").content.decode()
    for expected in ("365 Tagen", "14 Tagen", "4 Stunden", "Meine Daten herunterladen",
                     "Konto löschen", "kein Tracking"):
        assert expected in html, expected


def test_the_export_holds_the_persons_request_for_review_of_a_moderation_decision(person):
    from participation.ideas.models import Comment
    from participation.moderation.models import FlagReason, ModerationDecision
    from participation.moderation.services import review_request

    comment = Comment.objects.get(author=person)
    comment.is_hidden = True
    comment.save()
    decision = ModerationDecision.objects.create(
        comment=comment,
        action=ModerationDecision.Action.HIDE,
        rule=FlagReason.INSULT,
        statement="Persönlicher Angriff.",
    )
    review_request(author=person, decision=decision, text="Das war sachlich gemeint.")

    data, _photos = services.collect(person)

    [moderation] = data["moderation_of_my_content"]
    assert moderation["statement"] == "Persönlicher Angriff."
    assert moderation["review_text"] == "Das war sachlich gemeint."
    assert moderation["review_requested_at"]
