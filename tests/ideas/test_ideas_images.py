"""Pictures of ideas: judged by content, stored without metadata, upright."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.exceptions import Invalid
from participation.ideas import images
from participation.ideas.images import clean_idea_image
from participation.ideas.services.ideas import idea_create
from tests.factories import UserFactory
from tests.ideas.factories_ideas import (
    ZENTRUM,
    at,
    ideas_project,
    photo,
    svg_upload,
    text_as_jpeg,
)


def opened(content) -> Image.Image:
    content.seek(0)
    return Image.open(io.BytesIO(content.read()))


def test_jpeg_with_exif_gps_is_stored_without_metadata_and_upright():
    upload = photo("JPEG", size=(64, 32), gps=True)
    with Image.open(io.BytesIO(upload.read())) as original:
        assert original.getexif().get(0x8825)  # the GPS block is really there
    upload.seek(0)

    cleaned = opened(clean_idea_image(upload))

    assert cleaned.format == "JPEG"
    assert dict(cleaned.getexif()) == {}
    assert "exif" not in cleaned.info
    assert cleaned.size == (32, 64)  # orientation 6 applied: turned upright


def test_png_with_exif_gps_and_text_chunk_is_stored_without_metadata():
    upload = photo("PNG", gps=True)
    with Image.open(io.BytesIO(upload.read())) as original:
        assert original.getexif().get(0x8825)
        assert "Comment" in original.info
    upload.seek(0)

    content = clean_idea_image(upload)
    cleaned = opened(content)

    assert content.name.endswith(".png")  # transparency kept as PNG
    assert dict(cleaned.getexif()) == {}
    assert "Comment" not in cleaned.info and "exif" not in cleaned.info
    content.seek(0)
    raw = content.read()
    assert b"Muster" not in raw and b"PhoneMaker" not in raw


def test_webp_is_accepted_and_stored_as_jpeg():
    content = clean_idea_image(photo("WEBP"))

    assert content.name.endswith(".jpg")
    assert opened(content).format == "JPEG"


def test_svg_is_refused():
    with pytest.raises(ValidationError, match="JPEG, PNG oder WebP"):
        clean_idea_image(svg_upload())


def test_text_file_renamed_jpg_is_refused():
    with pytest.raises(ValidationError, match="kein Foto"):
        clean_idea_image(text_as_jpeg())


def test_gif_is_refused_although_pillow_reads_it():
    with pytest.raises(ValidationError, match="GIF"):
        clean_idea_image(photo("GIF"))


def test_file_larger_than_5_mb_is_refused_with_the_limit():
    big = SimpleUploadedFile("gross.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024), "image/jpeg")

    with pytest.raises(ValidationError, match="höchstens 5"):
        clean_idea_image(big)


def test_more_than_40_megapixels_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 1000)

    with pytest.raises(ValidationError, match="40 Megapixel"):
        clean_idea_image(photo("PNG", size=(100, 100)))


def test_a_decompression_bomb_is_refused_before_decoding():
    # 20,000 × 20,000 pixels of one colour compress to a few hundred kilobytes.
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")
    upload = SimpleUploadedFile("bombe.png", buffer.getvalue(), "image/png")
    assert upload.size < images.MAX_BYTES

    with pytest.raises(ValidationError, match="Megapixel"):
        clean_idea_image(upload)


def test_truncated_image_is_refused():
    data = photo("JPEG", size=(200, 200)).read()
    broken = SimpleUploadedFile("kaputt.jpg", data[: len(data) // 3], "image/jpeg")

    with pytest.raises(ValidationError):
        clean_idea_image(broken)


# --- through the service -------------------------------------------------------------------


@pytest.mark.django_db
def test_idea_with_photo_needs_a_description_of_the_picture():
    with pytest.raises(Invalid) as caught:
        idea_create(
            author=UserFactory(),
            project=ideas_project(),
            title="Bank",
            text="Eine Bank",
            location=at(ZENTRUM),
            image=photo(),
        )

    assert "image_alt" in caught.value.message_dict


@pytest.mark.django_db
def test_idea_with_an_svg_is_refused_on_the_image_field():
    with pytest.raises(Invalid) as caught:
        idea_create(
            author=UserFactory(),
            project=ideas_project(),
            title="Bank",
            text="Eine Bank",
            location=at(ZENTRUM),
            image=svg_upload(),
            image_alt="Ein Bild",
        )

    assert "JPEG, PNG oder WebP" in caught.value.message_dict["image"][0]


@pytest.mark.django_db
def test_idea_photo_is_stored_cleaned():
    idea = idea_create(
        author=UserFactory(),
        project=ideas_project(),
        title="Bank",
        text="Eine Bank",
        location=at(ZENTRUM),
        image=photo(gps=True, name="IMG_2041 Familie Muster.jpg"),
        image_alt="Eine Parkbank unter einer Linde",
    )

    assert idea.image.name.startswith("ideas/")
    assert "Muster" not in idea.image.name  # the uploaded name is not kept
    with idea.image.open("rb") as stored:
        picture = Image.open(io.BytesIO(stored.read()))
        assert dict(picture.getexif()) == {}
    assert idea.image_alt == "Eine Parkbank unter einer Linde"
