"""Files of applications and objections: pictures re-encoded without their metadata at a
bounded size, documents kept as sent, every file written only once its row commits, and a
file whose content is not what it claims refused with a message naming the field."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from qualitymonth.awards import services
from qualitymonth.awards.models import Attachment, AttachmentKind, Objection
from qualitymonth.core.uploads import MAX_SIDE

GPS_IFD = 0x8825
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def located_jpeg(name="现场.jpg", size=(4000, 3000)) -> SimpleUploadedFile:
    """A phone photo: where it was taken is in its EXIF."""
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (31.0, 13.0, 49.0), 3: "E", 4: (121.0, 28.0, 25.0)}
    output = io.BytesIO()
    Image.new("RGB", size, (90, 140, 60)).save(output, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def report_kind(open_round):
    return AttachmentKind.objects.create(round=open_round, label="成果报告")


@pytest.fixture
def draft(open_round, enterprise, enterprise_reporter):
    return services.start_application(actor=enterprise_reporter, round=open_round, unit=enterprise)


def attach(client, draft, upload, kind=None):
    client.force_login(draft.created_by)
    data = {"kind": kind.pk if kind else "", "file": upload}
    return client.post(f"/awards/applications/{draft.pk}/attach/", data, follow=True)


def test_a_photo_comes_back_without_its_location_and_no_larger_than_the_bound(
    client, draft, report_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attach(client, draft, located_jpeg(), report_kind)
    attachment = draft.attachments.get()
    assert (attachment.name, attachment.content_type) == ("现场.jpg", "image/jpeg")
    data = downloaded(client.get(f"/awards/attachments/{attachment.pk}/"))
    image = Image.open(io.BytesIO(data))
    assert image.size == (MAX_SIDE, 1920)
    assert not image.getexif().get_ifd(GPS_IFD) and dict(image.getexif()) == {}
    assert attachment.size == len(data)


def test_a_pdf_is_kept_exactly_as_sent(
    client, draft, enterprise_reporter, django_capture_on_commit_callbacks
):
    # Through the service: a test's commit comes after the request has closed its uploads.
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.add_attachment(
            actor=enterprise_reporter,
            application=draft,
            kind=None,
            upload=SimpleUploadedFile("报告.pdf", PDF),
        )
    client.force_login(draft.created_by)
    assert downloaded(client.get(f"/awards/attachments/{attachment.pk}/")) == PDF


def test_a_disguised_file_is_refused_naming_the_field_and_nothing_is_stored(
    _media, client, draft, report_kind, django_capture_on_commit_callbacks
):
    fake = SimpleUploadedFile("成果报告.pdf", b"MZ\x90\x00 a program", "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = attach(client, draft, fake, report_kind)
    assert "成果报告：成果报告.pdf 不是 PDF、Word、Excel、PowerPoint 或图片文件。" in (
        response.content.decode()
    )
    assert not Attachment.objects.exists() and stored_files(_media) == []


def test_a_rolled_back_attachment_leaves_no_file(
    _media, draft, enterprise_reporter, django_capture_on_commit_callbacks
):
    # Whatever rolls the save back (here a failure after it, in the same transaction), the
    # file is not written; the callbacks that survive the rollback are run.
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.add_attachment(
            actor=enterprise_reporter, application=draft, kind=None, upload=located_jpeg()
        )
        raise RuntimeError("the request fails after the attachment is written")
    assert not Attachment.objects.exists() and stored_files(_media) == []


def test_a_removed_attachment_takes_its_file_with_it(
    _media, draft, enterprise_reporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.add_attachment(
            actor=enterprise_reporter, application=draft, kind=None, upload=located_jpeg()
        )
    assert len(stored_files(_media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(actor=enterprise_reporter, attachment=attachment)
    assert stored_files(_media) == []


def test_an_attachment_whose_file_was_never_written_is_not_found(
    client, draft, enterprise_reporter
):
    # The row committed but the process died before writing the file: 404, not an error.
    attachment = services.add_attachment(
        actor=enterprise_reporter, application=draft, kind=None, upload=located_jpeg()
    )
    client.force_login(draft.created_by)
    response = client.get(f"/awards/attachments/{attachment.pk}/")
    assert response.status_code == 404


def objection(notice, **values):
    values.setdefault("application", notice.round.applications.get(holder_name="上海电气QC小组"))
    values.setdefault("name", "王小明")
    values.setdefault("phone", "13912345678")
    values.setdefault("reasons", "该小组的活动记录存在补写情况。")
    return services.file_objection(notice=notice, **values)


def test_objection_evidence_loses_its_location(
    client, notice, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        filed = objection(notice, evidence=located_jpeg("记录.jpg", size=(640, 480)))
    client.force_login(secretariat)
    response = client.get(f"/awards/rounds/{notice.round.pk}/objections/{filed.pk}/evidence/")
    image = Image.open(io.BytesIO(downloaded(response)))
    assert image.size == (640, 480) and not image.getexif().get_ifd(GPS_IFD)


def test_a_refused_objection_leaves_no_evidence_file(
    _media, client, notice, django_capture_on_commit_callbacks
):
    entry = notice.round.applications.get(holder_name="上海电气QC小组")
    data = {"application": entry.pk, "name": "王小明", "phone": "13912345678", "reasons": "太短"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(notice.get_absolute_url(), {**data, "evidence": located_jpeg()})
    assert "不少于" in response.content.decode()  # the reasons are too short
    assert not Objection.objects.exists() and stored_files(_media) == []


def test_disguised_evidence_is_refused_naming_the_field(client, notice):
    entry = notice.round.applications.get(holder_name="上海电气QC小组")
    data = {
        "application": entry.pk,
        "name": "王小明",
        "phone": "13912345678",
        "reasons": "该小组的活动记录存在补写情况。",
        "evidence": SimpleUploadedFile("证据.jpg", b"<script>alert(1)</script>"),
    }
    response = client.post(notice.get_absolute_url(), data)
    assert "证明材料：证据.jpg 不是 PDF、Word、Excel、PowerPoint 或图片文件。" in (
        response.content.decode()
    )
    assert not Objection.objects.exists()
