"""Bad input to a post: one clear message on the field concerned, and nothing saved."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_unit
from qualitymonth.core.models import AuditEntry
from qualitymonth.events.models import Event, EventKind
from qualitymonth.publishing import services
from qualitymonth.publishing.models import Attachment, BodyFormat, Post, PostKind, Tag
from qualitymonth.publishing.services import editing
from qualitymonth.publishing.tests.conftest import pdf_file, post_data, shanghai

pytestmark = pytest.mark.django_db


def refused(actor, **values) -> dict:
    with pytest.raises(ValidationError) as error:
        services.save_post(actor=actor, data=post_data(**values))
    assert not Post.objects.exists()
    assert not Attachment.objects.exists()
    assert not Tag.objects.exists()
    assert not AuditEntry.objects.exists()
    return error.value.message_dict


def test_an_oversized_attachment_is_refused(secretariat, media, monkeypatch):
    monkeypatch.setattr("qualitymonth.core.uploads.MAX_ATTACHMENT_BYTES", 1024)
    errors = refused(secretariat, attachments=[pdf_file("大文件.pdf", size=2048)])
    assert "大文件.pdf" in errors["attachments"][0]


def test_a_disguised_attachment_is_refused(secretariat, media):
    disguised = SimpleUploadedFile("名单.pdf", b"MZ\x90\x00 not a pdf at all")
    errors = refused(secretariat, attachments=[disguised])
    assert "名单.pdf" in errors["attachments"][0]


def test_a_picture_is_not_an_attachment_of_a_notice(secretariat, media):
    from qualitymonth.publishing.tests.conftest import png_file

    errors = refused(secretariat, attachments=[png_file("照片.pdf")])
    assert "照片.pdf" in errors["attachments"][0]


def test_html_with_a_script_is_refused(secretariat):
    errors = refused(
        secretariat,
        body_format=BodyFormat.HTML,
        body='<p onmouseover="steal()">通知</p><script>alert(1)</script>',
    )
    assert "script" in errors["body"][0]


def test_a_publish_date_after_the_expiry_is_refused(secretariat):
    errors = refused(
        secretariat,
        publish_at=shanghai(2099, 9, 10, 9, 0),
        expire_at=shanghai(2099, 9, 1, 9, 0),
    )
    assert "expire_at" in errors


def test_linking_to_an_object_the_author_may_not_see_is_refused(member, member_unit):
    hidden = Event.objects.create(
        kind=EventKind.LECTURE,
        title="尚未发布的讲座",
        starts_at=shanghai(2099, 9, 1, 9, 0),
        ends_at=shanghai(2099, 9, 1, 11, 0),
        is_published=False,
    )
    errors = refused(member, unit=member_unit, link_type="events.event", link_id=hidden.pk)
    assert str(hidden.pk) in errors["link_id"][0]
    assert "尚未发布的讲座" not in errors["link_id"][0]


def test_a_unit_the_author_does_not_write_for_is_refused(member):
    errors = refused(member, unit=make_unit(key="other", name="别的单位"))
    assert "unit" in errors


def test_a_document_number_on_news_is_refused(secretariat):
    errors = refused(secretariat, kind=PostKind.NEWS, document_number="沪质协〔2026〕12号")
    assert "document_number" in errors


def test_all_errors_are_given_at_once(secretariat):
    errors = refused(
        secretariat,
        title=" ",
        publish_at=shanghai(2099, 9, 10, 9, 0),
        expire_at=shanghai(2099, 9, 1, 9, 0),
    )
    assert {"title", "expire_at"} <= set(errors)


def test_attachments_beyond_the_limit_are_refused(secretariat, media):
    files = [pdf_file(f"附件{n}.pdf") for n in range(editing.MAX_ATTACHMENTS + 1)]
    errors = refused(secretariat, attachments=files)
    assert "attachments" in errors


def test_a_good_attachment_is_kept_with_its_name_and_type(secretariat, media):
    post = services.save_post(actor=secretariat, data=post_data(attachments=[pdf_file()]))
    attachment = post.attachments.get()
    assert (attachment.name, attachment.content_type) == ("通知.pdf", "application/pdf")


def test_a_disguised_body_picture_is_refused(secretariat, media):
    errors = refused(secretariat, pictures=[pdf_file("照片.png")])
    assert "照片.png" in errors["pictures"][0]
