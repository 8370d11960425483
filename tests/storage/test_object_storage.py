"""Uploaded files in S3-compatible object storage, against a real S3 server (SeaweedFS):
public files load from the bucket by their URL, private files only through the views
that check who asks, and deleted ideas take their photo with them."""

import datetime
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from participation.ideas.models import Idea
from participation.ideas.services.ideas import idea_delete
from participation.moderation.models import FlagReason
from participation.moderation.services import content_hide
from privacy.models import DataExport
from reports.models import StatusReport
from tests.factories import ProjectFactory, UserFactory, moderator_of
from tests.ideas.factories_ideas import ideas_project, photo
from tests.storage_infra import anonymous_get

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

WHY = "Das Foto zeigt eine Person, die nicht zugestimmt hat. Regel 4 der Netiquette."
FAKE_PDF = b"%PDF-1.7\n% Sachstandsbericht\n%%EOF\n"


def council_member():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=settings.COUNCIL_GROUP_NAME)[0])
    return user


def report_with_pdf(state=StatusReport.State.READY) -> StatusReport:
    report = StatusReport.objects.create(
        title="Sachstandsbericht 1/2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        as_of=datetime.date(2026, 6, 30),
        state=state,
    )
    report.pdf.save(f"sachstandsbericht-{report.pk}.pdf", ContentFile(FAKE_PDF))
    return report


def propose_with_photo(client, project, author) -> Idea:
    client.force_login(author)
    response = client.post(
        reverse("ideas:idea-create", kwargs={"project_slug": project.slug}),
        {
            "title": "Bank am Saaleufer",
            "text": "Zum Ausruhen nach dem Einkauf.",
            "latitude": "50.9272",
            "longitude": "11.5861",
            "image": photo(),
            "image_alt": "Die Stelle am Ufer",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Idea.objects.get(author=author)


# --- public files ------------------------------------------------------------------------------


def test_an_idea_photo_is_stored_in_the_bucket_and_loads_from_it(client, object_storage):
    idea = propose_with_photo(client, ideas_project(), UserFactory())

    assert idea.image.name in object_storage.keys(object_storage.public_bucket)
    page = client.get(
        reverse("ideas:idea-detail", kwargs={"project_slug": idea.project.slug, "pk": idea.pk})
    ).content.decode()
    [src] = re.findall(r'<img class="participation-idea__image" src="([^"]+)"', page)
    assert src == f"{object_storage.endpoint_url}/{object_storage.public_bucket}/{idea.image.name}"

    status, headers, body = anonymous_get(src)  # as a resident's browser: no credentials
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert body.startswith(b"\xff\xd8") and body == idea.image.open("rb").read()
    # The page allows images from there, and only there besides its own and the tiles.
    policy = client.get("/").headers["Content-Security-Policy"]
    tiles = "https://tile.openstreetmap.org"
    assert f"img-src 'self' data: blob: {tiles} {object_storage.endpoint_url};" in policy


def test_a_project_image_loads_from_the_bucket_typed_by_its_name(client, object_storage):
    project = ProjectFactory()
    upload = photo()
    upload.content_type = "text/html"  # what a browser declared counts for nothing
    project.image.save("laterne.jpg", upload)
    assert project.image.name in object_storage.keys(object_storage.public_bucket)
    status, headers, _body = anonymous_get(project.image.url)
    assert status == 200 and headers["Content-Type"] == "image/jpeg"


def test_the_public_bucket_cannot_be_listed(object_storage):
    status, _headers, _body = anonymous_get(
        f"{object_storage.endpoint_url}/{object_storage.public_bucket}/?list-type=2"
    )
    assert status == 403


def test_deleting_an_idea_deletes_its_photo_after_commit(
    client, object_storage, django_capture_on_commit_callbacks
):
    author = UserFactory()
    idea = propose_with_photo(client, ideas_project(), author)
    name = idea.image.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        idea_delete(idea=idea, actor=author)
    assert name in object_storage.keys(object_storage.public_bucket)  # not before the commit
    for callback in callbacks:
        callback()
    assert name not in object_storage.keys(object_storage.public_bucket)
    gone = f"{object_storage.endpoint_url}/{object_storage.public_bucket}/{name}"
    assert anonymous_get(gone)[0] == 404


def test_hiding_an_idea_takes_its_photo_off_the_link_that_was_public(
    client, object_storage, django_capture_on_commit_callbacks
):
    # Moderation hides an idea (e.g. a photo of a person): the photo's public URL, which
    # anybody may have seen or shared, answers 404; author and moderators still see it.
    author = UserFactory()
    idea = propose_with_photo(client, ideas_project(), author)
    seen = f"{object_storage.endpoint_url}/{object_storage.public_bucket}/{idea.image.name}"
    assert anonymous_get(seen)[0] == 200
    moderator = moderator_of(idea.project)

    with django_capture_on_commit_callbacks(execute=True):
        content_hide(moderator=moderator, idea=idea, rule=FlagReason.PERSONAL_DATA, statement=WHY)

    assert anonymous_get(seen)[0] == 404
    idea.refresh_from_db()
    assert idea.is_hidden and idea.image.name.endswith(".jpg")
    client.force_login(author)
    page = client.get(
        reverse("ideas:idea-detail", kwargs={"project_slug": idea.project.slug, "pk": idea.pk})
    ).content.decode()
    [src] = re.findall(r'<img class="participation-idea__image" src="([^"]+)"', page)
    assert src != seen
    status, headers, body = anonymous_get(src)
    assert status == 200 and body.startswith(b"\xff\xd8")


# --- private files -----------------------------------------------------------------------------


def test_a_draft_report_pdf_goes_to_the_council_only(client, object_storage):
    report = report_with_pdf()
    assert report.pdf.name in object_storage.keys(object_storage.private_bucket)
    url = reverse("reports:report-pdf", args=[report.pk])

    assert client.get(url).status_code == 404  # visitor
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404  # resident

    client.force_login(council_member())
    response = client.get(url)
    assert response.status_code == 302 and "no-store" in response["Cache-Control"]
    signed = response["Location"]
    assert signed.startswith(f"{object_storage.endpoint_url}/{object_storage.private_bucket}/")
    expires = int(parse_qs(urlsplit(signed).query)["X-Amz-Expires"][0])
    assert expires == 60
    status, headers, body = anonymous_get(signed)
    assert status == 200 and body == FAKE_PDF
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == (
        'attachment; filename="sachstandsbericht-2026-06-30.pdf"'
    )
    assert headers["Content-Language"] == "de"


def test_a_published_report_pdf_is_handed_to_everyone_by_its_view(client, object_storage):
    report = report_with_pdf(StatusReport.State.PUBLISHED)
    response = client.get(reverse("reports:report-pdf", args=[report.pk]))
    assert response.status_code == 302
    assert anonymous_get(response["Location"])[2] == FAKE_PDF


def test_a_private_file_has_no_guessable_url(object_storage):
    report = report_with_pdf()
    plain = f"{object_storage.endpoint_url}/{object_storage.private_bucket}/{report.pdf.name}"
    assert anonymous_get(plain)[0] == 403
    listing = f"{object_storage.endpoint_url}/{object_storage.private_bucket}/"
    assert anonymous_get(listing)[0] == 403
    with pytest.raises(ValueError, match="no URL"):
        report.pdf.url  # noqa: B018 - no template can link it by mistake


def test_a_signed_link_expires(client, settings, s3_server):
    config = s3_server.object_storage(signed_url_seconds=1)
    settings.STORAGES = {**settings.STORAGES, **config.storages()}
    report = report_with_pdf()
    client.force_login(council_member())
    signed = client.get(reverse("reports:report-pdf", args=[report.pk]))["Location"]
    assert anonymous_get(signed)[0] == 200
    time.sleep(2.1)
    assert anonymous_get(signed)[0] == 403


def test_a_data_export_is_downloaded_by_its_owner_only(
    client, object_storage, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="anna.export@example.org")
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:data-export-create"))
    export = DataExport.objects.get(user=owner)
    assert export.state == DataExport.State.READY
    assert export.file.name in object_storage.keys(object_storage.private_bucket)
    url = reverse("privacy:data-export-download", args=[export.pk])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302 and "/accounts/login/" in client.get(url)["Location"]

    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 302
    status, headers, body = anonymous_get(response["Location"])
    assert status == 200 and body.startswith(b"PK")  # a ZIP
    assert headers["Content-Type"] == "application/zip"
    assert headers["Content-Disposition"].startswith(
        'attachment; filename="jena-smart-datenauskunft-'
    )
    plain = f"{object_storage.endpoint_url}/{object_storage.private_bucket}/{export.file.name}"
    assert anonymous_get(plain)[0] == 403


def test_signed_links_are_made_for_the_address_browsers_use(client, settings, s3_server):
    """Nodes may reach the object storage under an internal name; the link a browser
    follows is signed for the public one (S3_PUBLIC_ENDPOINT_URL)."""
    public = s3_server.endpoint_url.replace("127.0.0.1", "localhost")
    config = s3_server.object_storage(public_endpoint_url=public)
    settings.STORAGES = {**settings.STORAGES, **config.storages()}
    report = report_with_pdf()
    client.force_login(council_member())
    signed = client.get(reverse("reports:report-pdf", args=[report.pk]))["Location"]
    assert signed.startswith(f"{public}/{s3_server.private_bucket}/")
    assert anonymous_get(signed)[2] == FAKE_PDF
