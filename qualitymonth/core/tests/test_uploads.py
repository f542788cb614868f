"""Uploaded pictures: bombs refused before decoding, the rest re-encoded, bounded, stripped."""

import io
import os
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from qualitymonth.core.models import ImportJob
from qualitymonth.core.uploads import (
    MAX_SIDE,
    THUMB_SIDE,
    attachment_content_type,
    photo_content_type,
    prepare_photo,
)

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def bomb_png(name="bomb.png", side=12_000) -> SimpleUploadedFile:
    """144 megapixels of one colour, in mode '1': a file of about 17 KB."""
    output = io.BytesIO()
    Image.new("1", (side, side)).save(output, format="PNG", optimize=True)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


def jpeg(name="photo.jpg", size=(4000, 3000), exif=None) -> SimpleUploadedFile:
    output = io.BytesIO()
    extra = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (40, 120, 200)).save(output, format="JPEG", quality=80, **extra)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_a_144_megapixel_png_of_a_few_kilobytes_is_refused_naming_the_field():
    bomb = bomb_png()
    assert bomb.size < 20_000
    with pytest.raises(ValidationError) as error:
        photo_content_type(bomb, field="现场照片")
    assert error.value.code == "too_many_pixels"
    assert error.value.messages == [
        "现场照片：bomb.png 是一张 144 百万像素的图片，最多接受 40 百万像素。"
    ]


def test_a_bomb_is_refused_before_it_is_re_encoded():
    with pytest.raises(ValidationError) as error:
        prepare_photo(bomb_png(), field="Photos")
    assert "144" in error.value.messages[0] and "Photos" in error.value.messages[0]


def test_a_bomb_beyond_pillows_own_limit_is_refused_with_its_size():
    with pytest.raises(ValidationError) as error:
        photo_content_type(bomb_png(side=20_000))
    assert error.value.messages == ["bomb.png 是一张 400 百万像素的图片，最多接受 40 百万像素。"]


def test_a_bomb_sent_as_an_attachment_is_refused_as_a_bomb():
    with pytest.raises(ValidationError) as error:
        attachment_content_type(bomb_png())
    assert "144" in error.value.messages[0]


def test_a_big_photo_is_downscaled_with_a_thumbnail():
    picture = prepare_photo(jpeg(size=(4000, 3000)))
    stored, thumb = opened(picture.content), opened(picture.thumbnail)
    assert (stored.format, stored.size) == ("JPEG", (MAX_SIDE, 1920))
    assert (thumb.format, thumb.size) == ("JPEG", (THUMB_SIDE, 360))
    assert (picture.content_type, picture.name_like("现场.jpeg")) == ("image/jpeg", "现场.jpg")


def test_exif_gps_is_stripped_and_the_orientation_applied():
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # taken with the phone turned: shown rotated 90°
    exif[GPS_IFD] = {1: "N", 2: (31.0, 13.0, 49.0), 3: "E", 4: (121.0, 28.0, 25.0)}
    upload = jpeg(size=(400, 200), exif=exif)
    assert opened(upload.read()).getexif().get_ifd(GPS_IFD)  # the location is in the upload
    picture = prepare_photo(upload)
    stored = opened(picture.content)
    assert stored.size == (200, 400)  # upright
    assert not stored.getexif().get_ifd(GPS_IFD)
    assert dict(stored.getexif()) == {}
    assert b"Exif" not in picture.content and b"Exif" not in picture.thumbnail


def test_a_transparent_png_stays_png_and_a_webp_photo_becomes_jpeg():
    output = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(output, format="PNG")
    picture = prepare_photo(SimpleUploadedFile("logo.png", output.getvalue()))
    assert (picture.content_type, opened(picture.content).mode) == ("image/png", "RGBA")
    output = io.BytesIO()
    Image.new("RGB", (50, 40), "green").save(output, format="WEBP")
    picture = prepare_photo(SimpleUploadedFile("shot.webp", output.getvalue()))
    assert (picture.content_type, picture.name_like("shot.webp")) == ("image/jpeg", "shot.jpg")


def test_a_truncated_picture_is_refused_as_not_a_picture():
    data = jpeg(size=(300, 200)).read()
    with pytest.raises(ValidationError) as error:
        prepare_photo(SimpleUploadedFile("cut.jpg", data[:200]))
    assert error.value.messages == ["cut.jpg 不是 JPEG、PNG、WebP 或 GIF 格式的图片。"]


@pytest.mark.django_db
def test_clean_uploads_removes_old_files_no_row_names_and_keeps_the_rest(settings, tmp_path):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    named = media / "imports" / "2026" / "01" / "named.xlsx"
    orphan = media / "surveys" / "photos" / "2026" / "01" / "orphan.jpg"
    fresh = media / "surveys" / "pending" / "fresh.jpg"
    for path in (named, orphan, fresh):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (named, orphan):
        os.utime(path, (two_days_ago, two_days_ago))
    ImportJob.objects.create(
        handler="x",
        target="y",
        filename="named.xlsx",
        checksum="0",
        upload=str(named.relative_to(media)),
    )
    out = io.StringIO()
    call_command("clean_uploads", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == ["surveys/photos/2026/01/orphan.jpg", "将删除 1 个文件。"]
    assert orphan.exists()
    call_command("clean_uploads", stdout=io.StringIO())
    assert (named.exists(), orphan.exists(), fresh.exists()) == (True, False, True)
