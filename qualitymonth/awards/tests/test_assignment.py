"""Assignment: conflicts of interest checked at assignment, caps, automatic fill, recusal."""

import pytest
from django.core.exceptions import ValidationError

from conftest import make_unit
from qualitymonth.awards import services
from qualitymonth.awards.models import Assignment, AssignmentStatus
from qualitymonth.awards.tests.conftest import make_application, make_reviewer
from qualitymonth.core.models import AuditEntry


def test_a_reviewer_from_the_applying_unit_cannot_be_assigned(review_round, secretariat):
    unit = make_unit(name="上海电气集团")
    application = make_application(review_round, unit=unit)
    colleague = make_reviewer("colleague", review_round, unit=unit)
    with pytest.raises(ValidationError) as error:
        services.assign_reviewer(actor=secretariat, application=application, reviewer=colleague)
    assert "申报单位" in error.value.message_dict["reviewer"][0]
    assert not Assignment.objects.exists()


def test_a_reviewer_from_a_unit_above_the_applicant_is_conflicted(review_round, secretariat):
    group = make_unit(name="某集团")
    subsidiary = make_unit(name="某集团下属公司", parent=group)
    application = make_application(review_round, unit=subsidiary)
    reviewer = make_reviewer("group-expert", review_round, unit=group)
    assert services.conflict_reason(reviewer, application) is not None


def test_a_declared_conflict_stops_the_assignment(review_round, secretariat):
    application = make_application(review_round)
    reviewer = make_reviewer("declared", review_round)
    services.declare_conflict(
        actor=reviewer,
        round=review_round,
        reviewer=reviewer,
        unit=application.applicant_unit,
        reason="曾任该单位顾问",
    )
    with pytest.raises(ValidationError) as error:
        services.assign_reviewer(actor=secretariat, application=application, reviewer=reviewer)
    assert "曾任该单位顾问" in error.value.message_dict["reviewer"][0]


def test_a_reviewer_past_the_cap_is_refused(review_round, secretariat):
    reviewer = make_reviewer("busy", review_round)
    for _ in range(review_round.reviewer_cap):
        services.assign_reviewer(
            actor=secretariat, application=make_application(review_round), reviewer=reviewer
        )
    with pytest.raises(ValidationError) as error:
        services.assign_reviewer(
            actor=secretariat, application=make_application(review_round), reviewer=reviewer
        )
    assert error.value.error_dict["reviewer"][0].code == "cap"


def test_someone_off_the_panels_cannot_be_assigned(review_round, secretariat, citizen):
    with pytest.raises(ValidationError):
        services.assign_reviewer(
            actor=secretariat, application=make_application(review_round), reviewer=citizen
        )


def test_automatic_assignment_fills_each_application_within_caps_and_conflicts(
    review_round, secretariat
):
    applications = [make_application(review_round) for _ in range(4)]
    reviewers = [make_reviewer(f"r{n}", review_round) for n in range(3)]
    # r0 works at the first applicant.
    reviewers[0].positions.create(unit=applications[0].applicant_unit, role="reviewer")
    made, short = services.auto_assign(actor=secretariat, round=review_round)
    assert made == 8 and short == []
    for application in applications:
        assigned = set(application.assignments.values_list("reviewer__username", flat=True))
        assert len(assigned) == review_round.min_reviews
    assert "r0" not in set(applications[0].assignments.values_list("reviewer__username", flat=True))
    loads = [Assignment.objects.filter(reviewer=r).count() for r in reviewers]
    assert max(loads) <= review_round.reviewer_cap
    assert AuditEntry.objects.filter(action="award_assignment.create").count() == 8


def test_automatic_assignment_names_applications_it_could_not_fill(review_round, secretariat):
    application = make_application(review_round)
    make_reviewer("only-one", review_round)
    made, short = services.auto_assign(actor=secretariat, round=review_round)
    assert made == 1 and short == [application]


def test_running_automatic_assignment_twice_adds_nothing(review_round, secretariat):
    make_application(review_round)
    for n in range(2):
        make_reviewer(f"twice{n}", review_round)
    services.auto_assign(actor=secretariat, round=review_round)
    assert services.auto_assign(actor=secretariat, round=review_round) == (0, [])


def test_recusal_is_recorded_and_bars_the_reviewer_from_the_application(review_round, secretariat):
    application = make_application(review_round)
    reviewer = make_reviewer("recuser", review_round)
    assignment = services.assign_reviewer(
        actor=secretariat, application=application, reviewer=reviewer
    )
    services.recuse(actor=reviewer, assignment=assignment, reason="与申报人是同学")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.RECUSED
    assert "与申报人是同学" in services.conflict_reason(reviewer, application)
    assert not reviewer.has_perm("awards.review_application", assignment)


def test_a_conflict_declared_with_a_group_covers_its_subsidiaries(review_round):
    group = make_unit(name="某集团")
    application = make_application(review_round, unit=make_unit(name="子公司", parent=group))
    reviewer = make_reviewer("group-consultant", review_round)
    services.declare_conflict(
        actor=reviewer, round=review_round, reviewer=reviewer, unit=group, reason="集团顾问"
    )
    assert "集团顾问" in services.conflict_reason(reviewer, application)


def test_a_conflict_found_after_scoring_takes_the_scores_out_of_the_ranking(
    graded_round, secretariat
):
    from qualitymonth.awards import selectors

    application = graded_round.applications.get(holder_name="上汽通用QC小组")
    reviewer = application.assignments.first().reviewer
    before = {row.application.pk: row.reviews for row in selectors.ranking_of(graded_round)}
    services.declare_conflict(
        actor=secretariat,
        round=graded_round,
        reviewer=reviewer,
        application=application,
        reason="评审后发现系亲属",
    )
    after = {row.application.pk: row.reviews for row in selectors.ranking_of(graded_round)}
    assert before[application.pk] == 2 and after[application.pk] == 1
    assignment = application.assignments.get(reviewer=reviewer)
    assert assignment.status == AssignmentStatus.RECUSED
    assert AuditEntry.objects.filter(
        action="award_assignment.recuse", object_id=assignment.pk
    ).exists()
