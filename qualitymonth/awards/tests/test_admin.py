"""The secretariat's admin pages for recognition follow the same rules as the round pages."""

from django.urls import reverse

from qualitymonth.awards.models import AssignmentStatus, Conflict
from qualitymonth.awards.tests.conftest import make_application, make_reviewer
from qualitymonth.core.models import AuditEntry


def test_a_conflict_added_in_the_admin_recuses_the_reviewer_and_is_audited(
    client, graded_round, secretariat
):
    application = graded_round.applications.get(holder_name="上汽通用QC小组")
    reviewer = application.assignments.first().reviewer
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:awards_conflict_add"),
        {
            "round": graded_round.pk,
            "reviewer": reviewer.pk,
            "application": application.pk,
            "reason": "评审后发现系亲属",
        },
        follow=True,
    )
    assert "该评审专家的1项评审任务已回避" in response.content.decode()
    assignment = application.assignments.get(reviewer=reviewer)
    assert assignment.status == AssignmentStatus.RECUSED
    conflict = Conflict.objects.get()
    assert AuditEntry.objects.filter(
        action="award_conflict.declare", object_id=conflict.pk
    ).exists()


def test_a_conflict_naming_neither_unit_nor_application_is_refused_on_the_form(
    client, review_round, secretariat
):
    reviewer = make_reviewer("no-target", review_round)
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:awards_conflict_add"),
        {"round": review_round.pk, "reviewer": reviewer.pk, "reason": "顾问"},
    )
    assert "请指明相关单位或申报项目。" in response.content.decode()
    assert not Conflict.objects.exists()


def test_a_declared_conflict_cannot_be_edited_in_the_admin(client, review_round, secretariat):
    application = make_application(review_round)
    reviewer = make_reviewer("declared", review_round)
    client.force_login(secretariat)
    client.post(
        reverse("admin:awards_conflict_add"),
        {
            "round": review_round.pk,
            "reviewer": reviewer.pk,
            "application": application.pk,
            "reason": "曾任顾问",
        },
    )
    conflict = Conflict.objects.get()
    client.post(
        reverse("admin:awards_conflict_change", args=[conflict.pk]),
        {
            "round": review_round.pk,
            "reviewer": reviewer.pk,
            "application": application.pk,
            "reason": "改过的理由",
        },
    )
    conflict.refresh_from_db()
    assert conflict.reason == "曾任顾问"


def test_a_rubric_with_scores_is_shown_but_not_editable(client, graded_round, secretariat):
    client.force_login(secretariat)
    rubric = graded_round.rubric
    page = client.get(reverse("admin:awards_rubric_change", args=[rubric.pk])).content.decode()
    assert 'name="name"' not in page
    assert rubric.name in page


def test_a_rubric_without_scores_stays_editable(client, review_round, secretariat):
    client.force_login(secretariat)
    page = client.get(
        reverse("admin:awards_rubric_change", args=[review_round.rubric.pk])
    ).content.decode()
    assert 'name="name"' in page


def test_the_scoring_rule_of_a_published_round_is_read_only(client, review_round, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("admin:awards_round_change", args=[review_round.pk])).content.decode()
    assert 'name="aggregation"' not in page
    assert 'name="title"' in page
