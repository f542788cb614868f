"""Handling a case: the steps the rules allow, their clocks, history, audit and notices;
transfers; erasing personal data after the retention period."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from qualitymonth.core.models import AuditEntry
from qualitymonth.enquiries.models import Attachment, CaseEvent, Notice, Submission
from qualitymonth.enquiries.services import handling
from qualitymonth.enquiries.services.erasure import erase_personal_data
from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.tests.conftest import COMPLAINT

PDF = b"%PDF-1.4\n%%EOF\n"


def at(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def filed(routing, categories, districts):
    """File on Monday 28 September 2026, 10:00, on the tracks asked for."""

    def filed(*kinds, files=()):
        return file_submission(
            kinds=list(kinds),
            category=categories["glasses"],
            data={**COMPLAINT, "district": districts["huangpu"]},
            channel="web",
            files=files,
            now=at(2026, 9, 28, 10),
        )

    return filed


@pytest.fixture
def complaint(filed):
    return filed("complaint")[0]


def step(case, to, actor, **values):
    return handling.change_status(case=case, to=to, actor=actor, **values)


def closed(case, actor, when=None):
    for to in ("accepted", "mediating", "agreement", "closed"):
        case = step(case, to, actor, now=when)
    return case


def test_a_complaint_cannot_jump_from_received_to_closed(complaint, huangpu_staff):
    with pytest.raises(ValidationError) as refused:
        step(complaint, "closed", huangpu_staff)
    assert set(refused.value.message_dict) == {"status"}
    complaint.refresh_from_db()
    assert complaint.status == "received" and not complaint.events.filter(kind="status").exists()


def test_not_accepting_a_complaint_needs_one_of_the_reasons_the_rules_give(
    complaint, huangpu_staff
):
    for reason in ("", "party_absent"):  # none, and one that only ends a mediation
        with pytest.raises(ValidationError) as refused:
            step(complaint, "not_accepted", huangpu_staff, reason=reason)
        assert set(refused.value.message_dict) == {"reason"}
    assert step(complaint, "not_accepted", huangpu_staff, reason="too_late").reason == "too_late"


def test_ending_a_mediation_needs_a_reason(complaint, huangpu_staff):
    step(complaint, "accepted", huangpu_staff)
    step(complaint, "mediating", huangpu_staff)
    with pytest.raises(ValidationError) as refused:
        step(complaint, "mediation_ended", huangpu_staff)
    assert set(refused.value.message_dict) == {"reason"}


def test_opening_no_case_on_a_report_needs_a_reason(filed, huangpu_staff):
    [report] = filed("report")
    with pytest.raises(ValidationError) as refused:
        step(report, "not_opened", huangpu_staff)
    assert set(refused.value.message_dict) == {"reason"}


def test_answering_a_question_needs_the_answer(filed, huangpu_staff):
    [question] = filed("consultation")
    with pytest.raises(ValidationError) as refused:
        step(question, "answered", huangpu_staff, text="  ")
    assert set(refused.value.message_dict) == {"text"}


def test_accepting_stops_the_acceptance_clock_and_starts_sixty_calendar_days_of_mediation(
    complaint, huangpu_staff
):
    step(complaint, "accepted", huangpu_staff, now=at(2026, 9, 30, 9))
    accept, mediate = complaint.clocks.order_by("pk")
    assert (accept.step, accept.stopped_on, accept.on_time) == (
        "accept",
        datetime.date(2026, 9, 30),
        True,
    )
    assert (mediate.step, mediate.started_on, mediate.stopped_on) == (
        "mediate",
        datetime.date(2026, 9, 30),
        None,
    )
    assert (mediate.days, mediate.day_type) == (60, "calendar")
    assert mediate.due_on == datetime.date(2026, 11, 29)


def test_closing_records_when(complaint, huangpu_staff):
    case = closed(complaint, huangpu_staff, when=at(2026, 10, 20, 15))
    assert case.closed_at == at(2026, 10, 20, 15)
    assert case.clocks.filter(stopped_on__isnull=True).count() == 0


def test_each_status_change_is_in_the_history_the_audit_log_and_a_notice(
    complaint, huangpu_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        step(complaint, "accepted", huangpu_staff, text="已受理，将组织调解。")
    event = complaint.events.get(kind="status")
    assert (event.status, event.actor, event.is_public) == ("accepted", huangpu_staff, True)
    audit = AuditEntry.objects.get(action="enquiries.case.status", object_id=str(complaint.pk))
    assert audit.actor == huangpu_staff and audit.changes["status"] == ["received", "accepted"]
    told = Notice.objects.filter(case=complaint)
    assert {notice.channel for notice in told} == {"email", "sms"}
    assert all("已受理，将组织调解。" in notice.text for notice in told)


def test_a_transfer_keeps_the_clocks_running_and_stays_internal(complaint, huangpu_staff, bureaus):
    before = list(complaint.clocks.values_list("pk", "due_on", "stopped_on"))
    handling.transfer(
        case=complaint, to_unit=bureaus["xuhui"], actor=huangpu_staff, text="商户在徐汇区。"
    )
    complaint.refresh_from_db()
    assert complaint.unit == bureaus["xuhui"]
    assert list(complaint.clocks.values_list("pk", "due_on", "stopped_on")) == before
    event = complaint.events.get(kind="transfer")
    assert not event.is_public
    assert (event.from_unit, event.to_unit) == (bureaus["huangpu"], bureaus["xuhui"])


def test_personal_data_is_kept_while_a_case_is_open(complaint, secretariat):
    with pytest.raises(ValidationError):
        erase_personal_data(submission=complaint.submission, actor=secretariat)
    assert Submission.objects.get().name == COMPLAINT["name"]


def test_personal_data_is_kept_until_the_retention_period_ends(
    complaint, huangpu_staff, secretariat, settings
):
    settings.ENQUIRY_RETENTION_DAYS = 30
    closed(complaint, huangpu_staff, when=at(2026, 10, 1, 12))
    with pytest.raises(ValidationError):
        erase_personal_data(
            submission=complaint.submission, actor=secretariat, now=at(2026, 10, 30, 12)
        )
    assert Submission.objects.get().erased_at is None


def test_erasure_blanks_the_person_and_the_files_and_keeps_what_the_figures_need(
    filed,
    huangpu_staff,
    secretariat,
    settings,
    districts,
    categories,
    django_capture_on_commit_callbacks,
):
    settings.ENQUIRY_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):  # files are written on commit
        [complaint] = filed("complaint", files=[SimpleUploadedFile("receipt.pdf", PDF)])
    stored = Attachment.objects.get().file
    assert stored.storage.exists(stored.name)
    closed(complaint, huangpu_staff, when=at(2026, 10, 1, 12))
    with django_capture_on_commit_callbacks(execute=True):  # files are deleted on commit
        erase_personal_data(
            submission=complaint.submission, actor=secretariat, now=at(2026, 11, 1, 12)
        )
    submission = Submission.objects.get()
    assert (submission.name, submission.phone, submission.email, submission.address) == (
        "",
        "",
        "",
        "",
    )
    assert submission.facts == "" and submission.erased_at == at(2026, 11, 1, 12)
    assert not Attachment.objects.exists() and not stored.storage.exists(stored.name)
    complaint.refresh_from_db()
    assert (complaint.category, complaint.district, complaint.status) == (
        categories["glasses"],
        districts["huangpu"],
        "closed",
    )
    assert submission.category == categories["glasses"]


def test_a_rolled_back_erasure_keeps_the_files_with_their_rows(
    filed, huangpu_staff, secretariat, settings, django_capture_on_commit_callbacks
):
    settings.ENQUIRY_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        [complaint] = filed("complaint", files=[SimpleUploadedFile("receipt.pdf", PDF)])
    stored = Attachment.objects.get().file
    closed(complaint, huangpu_staff, when=at(2026, 10, 1, 12))
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        erase_personal_data(
            submission=complaint.submission, actor=secretariat, now=at(2026, 11, 1, 12)
        )
        raise RuntimeError("the request fails after the erasure")
    assert Attachment.objects.get().file.name == stored.name
    assert stored.storage.exists(stored.name)


def test_erasure_is_audited_and_noted_internally(complaint, huangpu_staff, secretariat, settings):
    settings.ENQUIRY_RETENTION_DAYS = 30
    closed(complaint, huangpu_staff, when=at(2026, 10, 1, 12))
    erase_personal_data(submission=complaint.submission, actor=secretariat, now=at(2026, 11, 1, 12))
    audit = AuditEntry.objects.get(action="enquiries.submission.erase")
    assert audit.actor == secretariat and audit.object_id == str(complaint.submission_id)
    event = CaseEvent.objects.get(case=complaint, kind="erased")
    assert not event.is_public
