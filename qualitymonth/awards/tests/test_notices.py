"""Public notice: the period in working days, objections in real name, the final list."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitymonth.awards import services
from qualitymonth.awards.models import ApplicationStatus, Certificate, ObjectionStatus, RoundStatus
from qualitymonth.awards.tests.conftest import end_notice_period
from qualitymonth.core.models import AuditEntry
from qualitymonth.core.workdays import Calendar


def entry(notice, name):
    return notice.round.applications.get(holder_name=name)


def objection(notice, **values):
    values.setdefault("application", entry(notice, "上海电气QC小组"))
    values.setdefault("name", "张三")
    values.setdefault("phone", "13812345678")
    values.setdefault("reasons", "该成果的数据与现场记录不一致，请核查。")
    return services.file_objection(notice=notice, **values)


def test_the_period_counts_seven_working_days_from_the_first_working_day(notice):
    calendar = Calendar()
    assert calendar.is_workday(notice.starts_on)
    assert calendar.working_days_between(notice.starts_on, notice.ends_on) == 7
    assert calendar.is_workday(notice.ends_on)


def test_the_period_length_is_set_per_round(graded_round, secretariat):
    graded_round.notice_working_days = 10
    graded_round.save()
    notice = services.publish_proposed_list(actor=secretariat, round=graded_round)
    assert Calendar().working_days_between(notice.starts_on, notice.ends_on) == 10


def test_only_graded_applications_are_on_the_proposed_list(notice):
    statuses = dict(notice.round.applications.values_list("holder_name", "status"))
    assert statuses == {
        "上海电气QC小组": ApplicationStatus.PROPOSED,
        "宝钢股份QC小组": ApplicationStatus.PROPOSED,
        "上汽通用QC小组": ApplicationStatus.IN_REVIEW,
    }


def test_an_objection_without_a_name_is_refused(notice):
    with pytest.raises(ValidationError) as error:
        objection(notice, name="  ")
    assert "name" in error.value.message_dict


def test_an_objection_without_a_reachable_phone_is_refused(notice):
    with pytest.raises(ValidationError) as error:
        objection(notice, phone="12345")
    assert "phone" in error.value.message_dict


def test_an_objection_after_the_period_is_refused(notice):
    end_notice_period(notice)
    with pytest.raises(ValidationError) as error:
        objection(notice)
    assert error.value.code == "late"
    assert not notice.objections.exists()


def test_an_entry_not_on_the_list_cannot_be_objected_to(notice):
    with pytest.raises(ValidationError) as error:
        objection(notice, application=entry(notice, "上汽通用QC小组"))
    assert "application" in error.value.message_dict


def test_evidence_is_checked_by_content(notice):
    fake = SimpleUploadedFile("证据.jpg", b"<script>alert(1)</script>")
    with pytest.raises(ValidationError) as error:
        objection(notice, evidence=fake)
    assert "evidence" in error.value.message_dict


def test_a_valid_objection_is_recorded_and_audited(notice):
    filed = objection(notice, email="zhang@example.com")
    assert filed.status == ObjectionStatus.OPEN
    assert AuditEntry.objects.filter(action="award_objection.file", object_id=filed.pk).exists()


def test_an_upheld_objection_can_withdraw_the_entry(notice, secretariat):
    filed = objection(notice)
    services.resolve_objection(
        actor=secretariat, objection=filed, upheld=True, outcome="经核查，数据不实"
    )
    services.withdraw_entry(
        actor=secretariat, application=filed.application, reason="经核查，数据不实"
    )
    filed.application.refresh_from_db()
    assert filed.application.status == ApplicationStatus.WITHDRAWN
    assert AuditEntry.objects.filter(action="award_application.withdraw").exists()


def test_the_final_list_waits_for_the_end_of_the_period(notice, secretariat):
    with pytest.raises(ValidationError):
        services.publish_final_list(actor=secretariat, round=notice.round)


def test_the_final_list_waits_for_every_objection_to_be_resolved(notice, secretariat):
    objection(notice)
    end_notice_period(notice)
    with pytest.raises(ValidationError):
        services.publish_final_list(actor=secretariat, round=notice.round)


def test_the_final_list_awards_the_remaining_entries_and_numbers_certificates(notice, secretariat):
    filed = objection(notice, application=entry(notice, "宝钢股份QC小组"))
    services.resolve_objection(actor=secretariat, objection=filed, upheld=True, outcome="属实")
    services.withdraw_entry(actor=secretariat, application=filed.application, reason="属实")
    end_notice_period(notice)
    services.publish_final_list(actor=secretariat, round=notice.round)
    notice.round.refresh_from_db()
    assert notice.round.status == RoundStatus.FINAL
    statuses = dict(notice.round.applications.values_list("holder_name", "status"))
    assert statuses == {
        "上海电气QC小组": ApplicationStatus.AWARDED,
        "宝钢股份QC小组": ApplicationStatus.WITHDRAWN,
        "上汽通用QC小组": ApplicationStatus.NOT_AWARDED,
    }
    assert list(Certificate.objects.values_list("serial", "holder_name")) == [
        ("QC-2026-0001", "上海电气QC小组")
    ]
