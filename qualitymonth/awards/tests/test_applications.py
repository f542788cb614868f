"""Applying: drafts, answers, files checked by content, the deadline, the recommending unit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_unit
from qualitymonth.awards import services
from qualitymonth.awards.models import ApplicationStatus, AttachmentKind, FieldKind, FormField
from qualitymonth.campaigns.tests.conftest import png
from qualitymonth.core.models import AuditEntry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def report_kind(open_round):
    return AttachmentKind.objects.create(round=open_round, label="成果报告", required=True)


@pytest.fixture
def draft(open_round, enterprise, enterprise_reporter, report_kind):
    application = services.start_application(
        actor=enterprise_reporter, round=open_round, unit=enterprise
    )
    return services.update_application(
        actor=enterprise_reporter,
        application=application,
        title="降低焊装车间返修率",
        holder_name="上汽通用汽车焊装QC小组",
        recommending_unit=None,
        answers={},
    )


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_unit_program_takes_applications_only_from_staff_of_the_unit(open_round, citizen):
    other = make_unit()
    with pytest.raises(ValidationError) as error:
        services.start_application(actor=citizen, round=open_round, unit=other)
    assert "unit" in error.value.message_dict


def test_a_draft_is_named_after_the_unit(open_round, enterprise, enterprise_reporter):
    application = services.start_application(
        actor=enterprise_reporter, round=open_round, unit=enterprise
    )
    assert application.holder_name == "上汽通用汽车有限公司"
    assert application.status == ApplicationStatus.DRAFT


def test_submitting_without_the_required_file_names_what_is_missing(draft, enterprise_reporter):
    with pytest.raises(ValidationError) as error:
        services.submit_application(actor=enterprise_reporter, application=draft)
    assert "成果报告" in error.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_a_complete_application_goes_to_review_when_no_recommendation_is_needed(
    draft, enterprise_reporter, report_kind
):
    services.add_attachment(
        actor=enterprise_reporter, application=draft, kind=report_kind, upload=pdf()
    )
    services.submit_application(actor=enterprise_reporter, application=draft)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.IN_REVIEW
    assert draft.submitted_at is not None
    assert AuditEntry.objects.filter(action="award_application.submit", object_id=draft.pk).exists()


def test_a_file_that_lies_about_its_type_is_refused_and_nothing_is_stored(
    draft, enterprise_reporter, report_kind
):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.add_attachment(
            actor=enterprise_reporter, application=draft, kind=report_kind, upload=fake
        )
    assert "report.pdf" in error.value.messages[0]
    assert draft.attachments.count() == 0


def test_a_file_over_the_limit_is_refused_with_the_limit(draft, enterprise_reporter, report_kind):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (21 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.add_attachment(
            actor=enterprise_reporter, application=draft, kind=report_kind, upload=big
        )
    assert "20 MB" in error.value.messages[0]


def test_pictures_are_accepted_by_their_content(draft, enterprise_reporter):
    attachment = services.add_attachment(
        actor=enterprise_reporter, application=draft, kind=None, upload=png("site.png")
    )
    assert attachment.content_type == "image/png"


def test_submission_after_the_deadline_is_refused_and_the_draft_kept(
    draft, enterprise_reporter, report_kind
):
    services.add_attachment(
        actor=enterprise_reporter, application=draft, kind=report_kind, upload=pdf()
    )
    draft.round.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    draft.round.save()
    with pytest.raises(ValidationError) as error:
        services.submit_application(actor=enterprise_reporter, application=draft)
    assert error.value.code == "deadline"
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.title == "降低焊装车间返修率"
    assert draft.attachments.count() == 1


def test_a_submitted_application_cannot_be_edited(draft, enterprise_reporter, report_kind):
    services.add_attachment(
        actor=enterprise_reporter, application=draft, kind=report_kind, upload=pdf()
    )
    services.submit_application(actor=enterprise_reporter, application=draft)
    with pytest.raises(ValidationError):
        services.update_application(
            actor=enterprise_reporter,
            application=draft,
            title="改过的标题",
            holder_name="x",
            recommending_unit=None,
            answers={},
        )


def test_custom_answers_are_checked_field_by_field(draft, enterprise_reporter):
    members = FormField.objects.create(round=draft.round, label="小组人数", kind=FieldKind.NUMBER)
    kind = FormField.objects.create(
        round=draft.round, label="课题类型", kind=FieldKind.CHOICE, choices="问题解决型\n创新型"
    )
    with pytest.raises(ValidationError) as error:
        services.update_application(
            actor=enterprise_reporter,
            application=draft,
            title=draft.title,
            holder_name=draft.holder_name,
            recommending_unit=None,
            answers={f"field_{members.pk}": "八个", f"field_{kind.pk}": "攻关型"},
        )
    assert "小组人数" in error.value.message_dict[f"field_{members.pk}"][0]
    assert "课题类型" in error.value.message_dict[f"field_{kind.pk}"][0]
    draft.refresh_from_db()
    assert draft.answers == {}


def test_the_recommending_unit_endorses_before_the_review(
    draft, enterprise_reporter, report_kind, huangpu_bureau, bureau_admin
):
    draft.round.needs_recommendation = True
    draft.round.save()
    services.add_attachment(
        actor=enterprise_reporter, application=draft, kind=report_kind, upload=pdf()
    )
    with pytest.raises(ValidationError) as error:
        services.submit_application(actor=enterprise_reporter, application=draft)
    assert "推荐单位" in error.value.messages[0]
    services.update_application(
        actor=enterprise_reporter,
        application=draft,
        title=draft.title,
        holder_name=draft.holder_name,
        recommending_unit=huangpu_bureau,
        answers={},
    )
    services.submit_application(actor=enterprise_reporter, application=draft)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED
    assert bureau_admin.has_perm("awards.recommend_application", draft)
    services.recommend_application(actor=bureau_admin, application=draft, endorse=True)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.IN_REVIEW


def test_declining_to_recommend_needs_a_reason(draft, bureau_admin, huangpu_bureau):
    draft.status = ApplicationStatus.SUBMITTED
    draft.recommending_unit = huangpu_bureau
    draft.save()
    with pytest.raises(ValidationError):
        services.recommend_application(actor=bureau_admin, application=draft, endorse=False)
    services.recommend_application(
        actor=bureau_admin, application=draft, endorse=False, note="材料与实际不符"
    )
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.NOT_RECOMMENDED
