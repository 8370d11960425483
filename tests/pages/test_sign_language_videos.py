"""The sign-language videos (BITV 2.0 §4, Anlage 2): staff upload one video per topic in
the admin; the upload is read with ffprobe and refused, as a form error, unless it has at
least 320 × 240 pixels and 25 frames per second. The page /gebaerdensprache/ plays them
with the browser's own player, with captions, the text and a download with size and
duration, and says honestly which videos are still being made.

The test videos are made with ffmpeg (Debian's package, scripts/check_system.sh)."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from core.exceptions import Invalid, NotAllowed
from core.security import content_security_policy
from pages import services
from pages.models import EasyTopic, SignLanguageVideo
from pages.video import video_check
from tests.conftest import service_missing
from tests.factories import StaffFactory, SuperuserFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/pages/signlanguagevideo/add/"
CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:01.000\nWillkommen bei Jena Smart.\n"


def make_video(tmp_path, *, size: str = "320x240", rate: int = 25, kind: str = "mp4") -> bytes:
    """A 1-second test picture of this size and frame rate, as MP4 (H.264) or WebM (VP8)."""
    if not shutil.which("ffmpeg"):
        service_missing("ffmpeg is not installed (Debian: apt-get install ffmpeg)")
    path = tmp_path / f"test-{size}-{rate}.{kind}"
    codec = (
        ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
        if kind == "mp4"
        else ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "100k"]
    )
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc=size={size}:rate={rate}",
            "-t",
            "1",
            *codec,
            str(path),
        ],
        check=True,
        timeout=120,
    )
    return path.read_bytes()


def upload(content: bytes, name: str = "video.mp4") -> SimpleUploadedFile:
    content_type = "video/webm" if name.endswith(".webm") else "video/mp4"
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(scope="module")
def good_mp4(tmp_path_factory) -> bytes:
    return make_video(tmp_path_factory.mktemp("videos"))


def stored_video(content: bytes, **fields) -> SignLanguageVideo:
    """A video as the admin would have stored it (facts filled in)."""
    defaults = {
        "topic": EasyTopic.CONTENT,
        "transcript": "Willkommen bei Jena Smart.\nHier erklären wir die Seite.",
        "width": 320,
        "height": 240,
        "frame_rate": Decimal("25"),
        "duration": datetime.timedelta(seconds=135),
        "file_size": 12_345_678,
    }
    video = SignLanguageVideo(**{**defaults, **fields})
    video.video.save("gebaerdensprache-inhalt.mp4", ContentFile(content), save=False)
    video.save()
    return video


# --- the check (BITV 2.0 Anlage 2) -------------------------------------------------------


def test_a_video_of_320_by_240_at_25_frames_per_second_passes(good_mp4):
    facts = video_check(upload(good_mp4))
    assert (facts.width, facts.height, facts.frame_rate) == (320, 240, 25)
    assert facts.codec == "h264" and facts.container == "mp4"
    assert datetime.timedelta(seconds=0.9) <= facts.duration <= datetime.timedelta(seconds=1.1)


def test_a_webm_video_passes_too(tmp_path):
    facts = video_check(upload(make_video(tmp_path, kind="webm"), "video.webm"))
    assert (facts.width, facts.height, facts.codec, facts.container) == (320, 240, "vp8", "webm")


def test_a_video_of_160_by_120_is_refused_with_its_size(tmp_path):
    with pytest.raises(Invalid) as refused:
        video_check(upload(make_video(tmp_path, size="160x120")))
    assert refused.value.messages == [
        "Das Video hat 160 × 120 Pixel. Nötig sind mindestens 320 × 240 Pixel (BITV 2.0, Anlage 2)."
    ]


def test_a_video_of_10_frames_per_second_is_refused_with_its_frame_rate(tmp_path):
    with pytest.raises(Invalid) as refused:
        video_check(upload(make_video(tmp_path, rate=10)))
    assert refused.value.messages == [
        "Das Video hat 10 Bilder pro Sekunde. Nötig sind mindestens 25 Bilder pro Sekunde "
        "(BITV 2.0, Anlage 2)."
    ]


def test_a_portrait_video_of_240_by_320_passes(tmp_path):
    facts = video_check(upload(make_video(tmp_path, size="240x320")))
    assert (facts.width, facts.height) == (240, 320)


def test_a_file_that_is_no_video_is_refused():
    with pytest.raises(Invalid, match="kein lesbares Video"):
        video_check(upload(b"this is not a video at all", "video.mp4"))


def test_without_ffprobe_the_upload_is_refused_with_a_reason(good_mp4, monkeypatch):
    monkeypatch.setattr("pages.video.ffprobe_command", lambda: None)
    with pytest.raises(Invalid, match="ffprobe fehlt"):
        video_check(upload(good_mp4))


# --- the admin ---------------------------------------------------------------------------


@pytest.fixture
def editor(client):
    client.force_login(SuperuserFactory())
    return client


def post_video(client, content: bytes, name: str = "video.mp4", **fields):
    data = {"topic": EasyTopic.NAVIGATION, "transcript": "Hier finden Sie sich zurecht."}
    data.update(fields)
    data["video"] = upload(content, name)
    return client.post(ADD, data)


def test_staff_upload_a_video_and_its_facts_are_stored(editor, good_mp4):
    response = post_video(editor, good_mp4, captions=SimpleUploadedFile("de.vtt", CAPTIONS))
    assert response.status_code == 302, response.content.decode()[:3000]
    video = SignLanguageVideo.objects.get()
    assert (video.topic, video.width, video.height) == ("bedienung", 320, 240)
    assert video.frame_rate == Decimal("25.000")
    assert video.file_size == len(good_mp4)
    assert datetime.timedelta(seconds=0.9) <= video.duration <= datetime.timedelta(seconds=1.1)
    assert video.captions.read().startswith(b"WEBVTT")


def test_a_too_small_upload_is_a_form_error_and_nothing_is_stored(editor, tmp_path):
    response = post_video(editor, make_video(tmp_path, size="160x120"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Nötig sind mindestens 320 × 240 Pixel" in " ".join(errors["video"])
    assert not SignLanguageVideo.objects.exists()


def test_captions_or_a_text_are_required(editor, good_mp4):
    response = post_video(editor, good_mp4, transcript="")
    assert response.status_code == 200
    assert "Untertitel (WebVTT)" in str(response.context["adminform"].form.errors)
    assert not SignLanguageVideo.objects.exists()


def test_captions_that_are_not_webvtt_are_refused(editor, good_mp4):
    srt = SimpleUploadedFile("de.vtt", b"1\n00:00:00,000 --> 00:00:01,000\nHallo\n")
    response = post_video(editor, good_mp4, captions=srt)
    assert response.status_code == 200
    assert "WebVTT" in " ".join(response.context["adminform"].form.errors["captions"])


def test_replacing_the_video_deletes_the_old_file_after_the_commit(
    editor, good_mp4, django_capture_on_commit_callbacks
):
    video = stored_video(good_mp4, topic=EasyTopic.NAVIGATION)
    old_name = video.video.name
    url = f"/admin/pages/signlanguagevideo/{video.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            url,
            {"topic": video.topic, "transcript": video.transcript, "video": upload(good_mp4)},
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    video.refresh_from_db()
    assert video.video.name != old_name
    assert not default_storage.exists(old_name)
    assert video.file_size == len(good_mp4)


def test_changing_only_the_text_keeps_the_video_and_its_facts(editor, good_mp4):
    video = stored_video(good_mp4)
    url = f"/admin/pages/signlanguagevideo/{video.pk}/change/"
    response = editor.post(url, {"topic": video.topic, "transcript": "Neuer Text."})
    assert response.status_code == 302, response.content.decode()[:3000]
    video.refresh_from_db()
    assert (video.transcript, video.file_size) == ("Neuer Text.", 12_345_678)


def test_only_staff_with_the_right_may_store_a_video(good_mp4):
    facts = video_check(upload(good_mp4))
    for person in (UserFactory(), StaffFactory()):
        video = SignLanguageVideo(topic=EasyTopic.MORE, transcript="Text")
        video.video = upload(good_mp4)
        with pytest.raises(NotAllowed):
            services.sign_language_video_save(actor=person, video=video, facts=facts)
    assert not SignLanguageVideo.objects.exists()


# --- the page ----------------------------------------------------------------------------


def test_without_videos_the_page_says_they_are_being_made_and_what_to_do(
    client, legal_pages, settings
):
    settings.CONTACT_EMAIL = "smartcity@jena.example"
    response = client.get("/gebaerdensprache/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Videos werden gerade erstellt" in page
    assert page.count("Das Video zu diesem Thema wird gerade erstellt.") == 4
    assert 'href="mailto:smartcity@jena.example"' in page
    assert 'href="/leichte-sprache/"' in page
    assert "<video" not in page
    for topic in EasyTopic.values:
        assert f'href="/leichte-sprache/{topic}/"' in page


def test_a_video_plays_in_the_browsers_own_player_with_captions_text_and_download(
    client, legal_pages, good_mp4
):
    video = stored_video(good_mp4)
    video.captions.save("de.vtt", ContentFile(CAPTIONS))
    page = client.get("/gebaerdensprache/").content.decode()
    player = re.search(r"<video .*?</video>", page, re.S).group(0)
    assert " controls " in player and "autoplay" not in player
    assert f'<source src="{video.video.url}" type="video/mp4">' in player
    assert (
        '<track kind="captions" src="/gebaerdensprache/inhalt/untertitel.vtt" srclang="de" '
        'label="Deutsch" default>' in player
    )
    assert re.search(
        rf'<a class="kern-link" href="{re.escape(video.video.url)}" download>'
        r"Video herunterladen \(MP4, 11,8\xa0MB, Dauer 2:15 Minuten\)</a>",
        page,
    )
    assert "<summary>Text zum Video</summary>" in page
    assert "Willkommen bei Jena Smart.<br>Hier erklären wir die Seite." in page
    # Three topics still wait for their video.
    assert "Noch nicht alle Videos sind fertig" in page
    assert page.count("Das Video zu diesem Thema wird gerade erstellt.") == 3


def test_the_captions_come_from_the_site_as_webvtt(client, legal_pages, good_mp4):
    video = stored_video(good_mp4)
    assert client.get("/gebaerdensprache/inhalt/untertitel.vtt").status_code == 404
    video.captions.save("de.vtt", ContentFile(CAPTIONS))
    response = client.get("/gebaerdensprache/inhalt/untertitel.vtt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content == CAPTIONS


def test_on_english_pages_the_german_text_is_marked_german(client, legal_pages, good_mp4):
    stored_video(good_mp4)
    page = client.get("/en/gebaerdensprache/").content.decode()
    assert '<html lang="en"' in page
    assert re.search(r'<div class="kern-body" lang="de"><p>Willkommen bei Jena Smart\.', page)


def test_the_page_runs_one_query_however_many_videos(
    client, legal_pages, good_mp4, django_assert_max_num_queries
):
    for topic in EasyTopic.values:
        stored_video(good_mp4, topic=topic)
    with django_assert_max_num_queries(1):
        page = client.get("/gebaerdensprache/").content.decode()
    assert page.count("<video ") == 4
    assert "gerade erstellt" not in page


def test_videos_from_object_storage_are_allowed_by_the_csp(settings):
    settings.MEDIA_URL = "https://media.jena.example/public/"
    policy = content_security_policy("nonce")
    assert "media-src 'self' https://media.jena.example;" in policy
    settings.MEDIA_URL = "/media/"
    assert "media-src 'self';" in content_security_policy("nonce")
