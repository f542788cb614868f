"""Citizens' photos and documents: pictures re-encoded without their metadata (where a phone
photo was taken) at a bounded size, documents kept as sent, files written only once the
submission commits, and a file whose content is not what it claims refused naming the field."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from qualitymonth.core.uploads import MAX_SIDE
from qualitymonth.enquiries.models import Attachment, Submission
from qualitymonth.enquiries.services import handling
from qualitymonth.enquiries.tests.conftest import COMPLAINT
from qualitymonth.enquiries.tests.desk_helpers import file_case

GPS_IFD = 0x8825
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the per-connection filing limit
    yield settings.MEDIA_ROOT
    cache.clear()


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def located_jpeg(name="现场.jpg", size=(4000, 3000)) -> SimpleUploadedFile:
    """A phone photo: where it was taken is in its EXIF."""
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (31.0, 13.0, 49.0), 3: "E", 4: (121.0, 28.0, 25.0)}
    output = io.BytesIO()
    Image.new("RGB", size, (90, 140, 60)).save(output, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def download(client, staff, attachment) -> bytes:
    client.force_login(staff)
    url = reverse("enquiries:desk_attachment", args=[attachment.case_number, attachment.pk])
    return b"".join(client.get(url).streaming_content)


def filed_with(categories, districts, files):
    case = file_case(categories["glasses"], districts["huangpu"], files=files)
    for attachment in case.submission.attachments.all():
        attachment.case_number = case.number
        yield attachment


def test_a_photo_comes_back_without_its_location_and_no_larger_than_the_bound(
    client, routing, categories, districts, huangpu_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (attachment,) = filed_with(categories, districts, [located_jpeg()])
    assert (attachment.name, attachment.content_type) == ("现场.jpg", "image/jpeg")
    data = download(client, huangpu_staff, attachment)
    image = Image.open(io.BytesIO(data))
    assert image.size == (MAX_SIDE, 1920)
    assert not image.getexif().get_ifd(GPS_IFD) and dict(image.getexif()) == {}
    assert attachment.size == len(data)


def test_a_receipt_in_pdf_is_kept_exactly_as_sent(
    client, routing, categories, districts, huangpu_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (attachment,) = filed_with(categories, districts, [SimpleUploadedFile("发票.pdf", PDF)])
    assert download(client, huangpu_staff, attachment) == PDF


def test_a_photo_added_to_a_case_loses_its_location_too(
    routing, categories, districts, django_capture_on_commit_callbacks
):
    case = file_case(categories["glasses"], districts["huangpu"])
    with django_capture_on_commit_callbacks(execute=True):
        event = handling.add_information(case=case, text="", files=[located_jpeg(size=(64, 48))])
    with event.attachments.get().file.open("rb") as stored:
        assert not Image.open(stored).getexif().get_ifd(GPS_IFD)


def test_a_rolled_back_submission_leaves_no_file(
    media, routing, categories, districts, django_capture_on_commit_callbacks
):
    # Whatever rolls the submission back (here a failure after it, in the same transaction),
    # the files are not written; the callbacks that survive the rollback are run.
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        file_case(
            categories["glasses"],
            districts["huangpu"],
            files=[located_jpeg(size=(64, 48)), SimpleUploadedFile("发票.pdf", PDF)],
        )
        raise RuntimeError("the request fails after the submission is written")
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media) == []


def file_on_page(client, categories, districts, files, **values):
    data = {
        **COMPLAINT,
        "kinds": ["complaint"],
        "category": categories["glasses"].pk,
        "district": districts["huangpu"].pk,
        "attachments": files,
        **values,
    }
    return client.post(reverse("enquiries:new"), data)


def test_a_disguised_file_is_refused_naming_the_field_and_nothing_is_stored(
    media, client, routing, categories, districts, django_capture_on_commit_callbacks
):
    fake = SimpleUploadedFile("发票.jpg", b"MZ\x90\x00 a program", "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = file_on_page(client, categories, districts, [located_jpeg(), fake])
    assert response.status_code == 400
    assert "照片和材料：发票.jpg 不是 PDF、Word、Excel、PowerPoint 或图片文件。" in (
        response.content.decode()
    )
    assert not Submission.objects.exists() and stored_files(media) == []


def test_a_submission_refused_for_a_missing_field_leaves_no_file(
    media, client, routing, categories, districts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = file_on_page(client, categories, districts, [located_jpeg()], facts="")
    assert response.status_code == 400
    assert not Submission.objects.exists() and stored_files(media) == []
