"""Report photos: bombs refused, the rest stored re-encoded and bounded with a thumbnail that
the pages show, and nothing written for a report that is rolled back."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from qualitymonth.campaigns import services
from qualitymonth.campaigns.models import ActivityReport, ProgressReport, ReportFile
from qualitymonth.campaigns.tests.conftest import activity_values, png


def big_jpeg(size=(5000, 2500)) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 13.0, 49.0), 3: "E", 4: (121.0, 28.0, 25.0)}
    output = io.BytesIO()
    Image.new("RGB", size, (200, 160, 20)).save(output, format="JPEG", exif=exif)
    return SimpleUploadedFile("开放日.jpeg", output.getvalue(), content_type="image/jpeg")


def bomb_png() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(output, format="PNG", optimize=True)
    return SimpleUploadedFile("bomb.png", output.getvalue(), content_type="image/png")


def files_in(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def read(response) -> Image.Image:
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


def test_a_144_megapixel_png_is_refused_on_the_progress_form_naming_the_field(
    settings, client, bureau_admin, huangpu_action, huangpu_bureau
):
    client.force_login(bureau_admin)
    response = client.post(
        f"/campaigns/actions/{huangpu_action.pk}/",
        {
            "unit": huangpu_bureau.pk,
            "status": "in_progress",
            "progress": 50,
            "text": "进展顺利",
            "photos": [bomb_png()],
        },
    )
    assert "照片：bomb.png 是一张 144 百万像素的图片，最多接受 40 百万像素。" in (
        response.content.decode()
    )
    assert not ProgressReport.objects.exists() and not ReportFile.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


def test_a_big_photo_is_stored_downscaled_and_the_report_page_shows_its_thumbnail(
    client, bureau_admin, huangpu_bureau, campaign, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        activity = services.file_activity(
            actor=bureau_admin,
            campaign=campaign,
            unit=huangpu_bureau,
            photos=[big_jpeg()],
            **activity_values(category),
        )
    photo = activity.files.get()
    assert (photo.original_name, photo.content_type) == ("开放日.jpg", "image/jpeg")
    client.force_login(bureau_admin)
    page = client.get(f"/campaigns/reports/{activity.pk}/").content.decode()
    assert f'<img src="/campaigns/files/{photo.pk}/?size=thumb"' in page
    full = read(client.get(f"/campaigns/files/{photo.pk}/"))
    assert full.size == (2560, 1280)
    assert not full.getexif().get_ifd(0x8825)  # the location is not kept
    assert read(client.get(f"/campaigns/files/{photo.pk}/?size=thumb")).size == (480, 240)


def test_a_rolled_back_activity_report_leaves_no_file(
    settings, bureau_admin, huangpu_bureau, campaign, category, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.file_activity(
            actor=bureau_admin,
            campaign=campaign,
            unit=huangpu_bureau,
            photos=[png()],
            **activity_values(category),
        )
        raise RuntimeError("the request fails after the report is written")
    assert not ActivityReport.objects.exists() and not ReportFile.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []
