"""A round's steps: each is allowed once, in order, and each leaves an audit entry."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qualitymonth.awards import services
from qualitymonth.awards.models import RoundStatus
from qualitymonth.awards.tests.conftest import end_notice_period, make_round
from qualitymonth.core.models import AuditEntry


def trail(obj):
    return list(
        AuditEntry.objects.filter(object_id=obj.pk, action__startswith="award_round.")
        .order_by("pk")
        .values_list("action", "changes__status")
    )


def test_every_step_of_a_round_is_in_the_audit_trail(program, rubric, secretariat, graded_round):
    round_ = make_round(program, rubric, status=RoundStatus.DRAFT)
    round_ = services.open_call(actor=secretariat, round=round_)
    round_.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    round_.save(update_fields=["closes_at"])
    services.close_applications(actor=secretariat, round=round_)
    assert trail(round_) == [
        ("award_round.open", ["draft", "open"]),
        ("award_round.review", ["open", "review"]),
    ]
    notice = services.publish_proposed_list(actor=secretariat, round=graded_round)
    end_notice_period(notice)
    services.publish_final_list(actor=secretariat, round=graded_round)
    assert trail(graded_round) == [
        ("award_round.notice", ["review", "notice"]),
        ("award_round.final", ["notice", "final"]),
    ]


def test_applications_cannot_be_closed_before_the_deadline(open_round, secretariat):
    with pytest.raises(ValidationError):
        services.close_applications(actor=secretariat, round=open_round)
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.OPEN


def test_a_call_needs_a_rubric_with_criteria(program, secretariat):
    round_ = make_round(program, None, status=RoundStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.open_call(actor=secretariat, round=round_)


def test_a_proposed_grade_change_is_audited(graded_round, secretariat):
    application = graded_round.applications.get(holder_name="上汽通用QC小组")
    third = graded_round.grades.get(name="三等奖")
    services.propose_grades(
        actor=secretariat, round=graded_round, grades={application.pk: third.pk}
    )
    entry = AuditEntry.objects.filter(action="award_application.grade", object_id=application.pk)
    assert entry.get().changes == {"grade": [None, "三等奖"]}


def test_a_grade_of_another_round_is_refused(graded_round, secretariat, program, rubric):
    other = make_round(program, rubric).grades.first()
    application = graded_round.applications.get(holder_name="上汽通用QC小组")
    with pytest.raises(ValidationError):
        services.propose_grades(
            actor=secretariat, round=graded_round, grades={application.pk: other.pk}
        )
    application.refresh_from_db()
    assert application.grade is None
