"""Scores: within each criterion's range, locked on submission, reopened only with a record."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from qualitymonth.awards import services
from qualitymonth.awards.models import Score
from qualitymonth.awards.tests.conftest import full_marks_minus, make_application, make_reviewer
from qualitymonth.core.models import AuditEntry


@pytest.fixture
def assignment(review_round, secretariat):
    application = make_application(review_round)
    reviewer = make_reviewer("scorer", review_round)
    return services.assign_reviewer(actor=secretariat, application=application, reviewer=reviewer)


def criteria(assignment):
    return {c.name: c for c in assignment.application.round.rubric.criteria.all()}


def test_a_score_above_the_criterion_maximum_is_refused_by_name(assignment):
    topic = criteria(assignment)["选题"]
    with pytest.raises(ValidationError) as error:
        services.save_review(
            actor=assignment.reviewer, assignment=assignment, points={topic.pk: "16"}, comment=""
        )
    message = error.value.message_dict[f"criterion_{topic.pk}"][0]
    assert "选题" in message and "15" in message
    assert not Score.objects.exists()


def test_negative_and_non_numeric_scores_are_refused(assignment):
    topic, causes = criteria(assignment)["选题"], criteria(assignment)["原因分析"]
    with pytest.raises(ValidationError) as error:
        services.save_review(
            actor=assignment.reviewer,
            assignment=assignment,
            points={topic.pk: "-1", causes.pk: "很好"},
            comment="",
        )
    assert set(error.value.message_dict) == {f"criterion_{topic.pk}", f"criterion_{causes.pk}"}


def test_every_score_change_is_in_the_audit_trail(assignment):
    topic = criteria(assignment)["选题"]
    services.save_review(
        actor=assignment.reviewer, assignment=assignment, points={topic.pk: "12"}, comment=""
    )
    services.save_review(
        actor=assignment.reviewer, assignment=assignment, points={topic.pk: "13.5"}, comment=""
    )
    changes = [
        entry.changes["选题"]
        for entry in AuditEntry.objects.filter(action="award_review.score").order_by("pk")
    ]
    assert changes == [[None, "12"], ["12", "13.5"]]


def test_a_review_cannot_be_submitted_with_a_criterion_unscored(assignment):
    topic = criteria(assignment)["选题"]
    services.save_review(
        actor=assignment.reviewer, assignment=assignment, points={topic.pk: "12"}, comment=""
    )
    with pytest.raises(ValidationError) as error:
        services.submit_review(actor=assignment.reviewer, assignment=assignment)
    assert "原因分析" in error.value.messages[0]


def test_a_submitted_review_is_locked(assignment):
    round_ = assignment.application.round
    services.save_review(
        actor=assignment.reviewer,
        assignment=assignment,
        points=full_marks_minus(round_, 5),
        comment="数据充分",
    )
    services.submit_review(actor=assignment.reviewer, assignment=assignment)
    topic = criteria(assignment)["选题"]
    with pytest.raises(ValidationError) as error:
        services.save_review(
            actor=assignment.reviewer, assignment=assignment, points={topic.pk: "1"}, comment=""
        )
    assert error.value.code == "locked"
    assert Score.objects.get(criterion=topic).points == Decimal("15")


def test_the_secretariat_reopens_a_review_with_a_reason_on_record(assignment, secretariat):
    round_ = assignment.application.round
    services.save_review(
        actor=assignment.reviewer,
        assignment=assignment,
        points=full_marks_minus(round_, 5),
        comment="",
    )
    review = services.submit_review(actor=assignment.reviewer, assignment=assignment)
    with pytest.raises(ValidationError):
        services.reopen_review(actor=secretariat, review=review, reason="")
    services.reopen_review(actor=secretariat, review=review, reason="评分录入有误")
    entry = AuditEntry.objects.get(action="award_review.reopen")
    assert entry.actor == secretariat and entry.changes["reason"] == [None, "评分录入有误"]
    topic = criteria(assignment)["选题"]
    services.save_review(
        actor=assignment.reviewer, assignment=assignment, points={topic.pk: "14"}, comment=""
    )
    assert Score.objects.get(criterion=topic).points == Decimal("14")
