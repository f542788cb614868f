"""Pages: who sees what. Applicants never see reviewers or scores; conflicts and other units
answer 404; the objector is known to the secretariat only."""

import pytest

from conftest import make_person, make_unit
from qualitymonth.awards import services
from qualitymonth.awards.models import Conflict, Score
from qualitymonth.awards.tests.conftest import make_application, make_reviewer
from tests.answers import assert_not_found


@pytest.fixture
def reviewed(graded_round):
    return graded_round.applications.get(holder_name="上海电气QC小组")


def test_the_applicant_sees_the_status_but_no_reviewer_and_no_score(client, reviewed):
    client.force_login(reviewed.created_by)
    page = client.get(f"/awards/applications/{reviewed.pk}/").content.decode()
    assert reviewed.get_status_display() in page
    assert "expert-0" not in page and "expert-1" not in page
    total = sum(s.points for s in Score.objects.filter(review__assignment__application=reviewed))
    assert str(total) not in page and "100.00" not in page


def test_another_units_application_answers_404(client, reviewed, enterprise_admin):
    client.force_login(enterprise_admin)
    response = client.get(f"/awards/applications/{reviewed.pk}/")
    assert_not_found(response, reviewed.title)


def test_a_reviewer_whose_conflict_is_declared_after_assignment_cannot_open_it(
    client, review_round, secretariat
):
    application = make_application(review_round)
    reviewer = make_reviewer("late-conflict", review_round)
    assignment = services.assign_reviewer(
        actor=secretariat, application=application, reviewer=reviewer
    )
    client.force_login(reviewer)
    assert client.get(f"/awards/reviews/{assignment.pk}/").status_code == 200
    Conflict.objects.create(
        round=review_round, reviewer=reviewer, application=application, reason="亲属关系"
    )
    assert_not_found(client.get(f"/awards/reviews/{assignment.pk}/"), application.title)
    attachment_url = f"/awards/applications/{application.pk}/"
    assert_not_found(client.get(attachment_url), application.title)


def test_another_reviewers_assignment_answers_404(client, review_round, secretariat):
    application = make_application(review_round)
    assignment = services.assign_reviewer(
        actor=secretariat, application=application, reviewer=make_reviewer("a", review_round)
    )
    client.force_login(make_reviewer("b", review_round))
    assert_not_found(client.get(f"/awards/reviews/{assignment.pk}/"), application.title)


def test_blind_review_hides_the_applicant(client, review_round, secretariat):
    review_round.blind = True
    review_round.save()
    application = make_application(review_round, name="宝钢股份QC小组")
    reviewer = make_reviewer("blind", review_round)
    assignment = services.assign_reviewer(
        actor=secretariat, application=application, reviewer=reviewer
    )
    client.force_login(reviewer)
    page = client.get(f"/awards/reviews/{assignment.pk}/").content.decode()
    assert application.title in page
    assert "宝钢股份QC小组" not in page
    assert "宝钢股份QC小组" not in client.get("/awards/reviews/").content.decode()


def test_a_score_out_of_range_is_named_on_the_page_and_nothing_stored(
    client, review_round, secretariat
):
    application = make_application(review_round)
    reviewer = make_reviewer("typo", review_round)
    assignment = services.assign_reviewer(
        actor=secretariat, application=application, reviewer=reviewer
    )
    topic = review_round.rubric.criteria.get(name="选题")
    client.force_login(reviewer)
    response = client.post(
        f"/awards/reviews/{assignment.pk}/", {f"criterion_{topic.pk}": "150", "save": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "选题" in page and "15" in page and 'role="alert"' in page
    assert not Score.objects.exists()


def test_the_round_page_is_the_secretariats_only(client, graded_round, enterprise_admin):
    client.force_login(enterprise_admin)
    response = client.get(f"/awards/rounds/{graded_round.pk}/manage/")
    assert_not_found(response, "expert-0", "上汽通用QC小组")


def test_the_ranking_shows_scores_and_the_rule_to_the_secretariat(
    client, graded_round, secretariat
):
    client.force_login(secretariat)
    page = client.get(f"/awards/rounds/{graded_round.pk}/manage/").content.decode()
    assert graded_round.get_aggregation_display() in page
    assert "100.00" in page and "97.00" in page and "94.00" in page


def test_the_objector_is_shown_to_the_secretariat_and_nobody_else(client, notice, secretariat):
    application = notice.round.applications.get(holder_name="上海电气QC小组")
    response = client.post(
        f"/awards/notices/{notice.pk}/",
        {
            "application": application.pk,
            "name": "王小明",
            "phone": "13912345678",
            "reasons": "该小组的活动记录存在补写情况。",
        },
    )
    assert response.status_code == 302
    assert "王小明" not in client.get(f"/awards/notices/{notice.pk}/").content.decode()
    client.force_login(application.created_by)
    assert "王小明" not in client.get(f"/awards/applications/{application.pk}/").content.decode()
    client.force_login(secretariat)
    manage = client.get(f"/awards/rounds/{notice.round.pk}/manage/").content.decode()
    assert "王小明" in manage and "13912345678" in manage


def test_an_anonymous_objection_form_keeps_what_was_typed(client, notice):
    application = notice.round.applications.get(holder_name="上海电气QC小组")
    response = client.post(
        f"/awards/notices/{notice.pk}/",
        {"application": application.pk, "reasons": "该小组的活动记录存在补写情况。"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "该小组的活动记录存在补写情况。" in page
    assert not notice.objections.exists()


def test_objections_from_one_client_are_limited(client, notice, settings):
    settings.OBJECTION_RATE = "2/h"
    application = notice.round.applications.get(holder_name="上海电气QC小组")
    data = {
        "application": application.pk,
        "name": "王小明",
        "phone": "13912345678",
        "reasons": "该小组的活动记录存在补写情况。",
    }
    answers = [client.post(f"/awards/notices/{notice.pk}/", data) for _ in range(3)]
    assert answers[-1].status_code == 429
    assert notice.objections.count() == 2


def test_results_export_lists_every_reviewed_application_with_the_rule(
    client, graded_round, secretariat
):
    client.force_login(secretariat)
    response = client.get(f"/awards/rounds/{graded_round.pk}/export/results.csv")
    rows = response.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 4
    assert rows[1].startswith("1,") and "上海电气QC小组" in rows[1] and "100.0" in rows[1]


def test_raw_scores_export_has_one_row_per_criterion_and_review(client, graded_round, secretariat):
    client.force_login(secretariat)
    response = client.get(f"/awards/rounds/{graded_round.pk}/export/scores.csv")
    rows = response.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + 3 * 2 * 6


def test_a_person_of_another_unit_cannot_download_an_attachment(
    client, graded_round, enterprise_admin
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qualitymonth.awards.models import Attachment

    application = graded_round.applications.first()
    attachment = Attachment.objects.create(
        application=application,
        file=SimpleUploadedFile("r.pdf", b"%PDF-1.4 x"),
        name="r.pdf",
        content_type="application/pdf",
        size=10,
    )
    client.force_login(enterprise_admin)
    assert_not_found(client.get(f"/awards/attachments/{attachment.pk}/"), "%PDF")
    client.force_login(application.created_by)
    response = client.get(f"/awards/attachments/{attachment.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"


def test_a_person_applies_in_their_own_name_to_a_craftsman_program(
    client, craftsman_program, rubric
):
    from qualitymonth.awards.tests.conftest import make_round

    round_ = make_round(craftsman_program, rubric)
    person = make_person("craftsman", unit=make_unit(), role="reporter")
    person.first_name = "李工"
    person.save()
    client.force_login(person)
    response = client.post(f"/awards/rounds/{round_.pk}/apply/", {"unit": ""})
    application = round_.applications.get()
    assert response.url == f"/awards/applications/{application.pk}/"
    assert application.holder_name == "李工"


def test_the_evidence_of_an_objection_is_served_to_the_secretariat_only(
    client, notice, secretariat, enterprise_admin, django_capture_on_commit_callbacks
):
    from qualitymonth.campaigns.tests.conftest import png

    application = notice.round.applications.get(holder_name="上海电气QC小组")
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        filed = services.file_objection(
            notice=notice,
            application=application,
            name="王小明",
            phone="13912345678",
            reasons="该小组的活动记录存在补写情况。",
            evidence=png("记录.png"),
        )
    url = f"/awards/rounds/{notice.round.pk}/objections/{filed.pk}/evidence/"
    client.force_login(enterprise_admin)
    assert client.get(url).status_code == 404
    client.force_login(secretariat)
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_review_form_shows_saved_points_as_typed(client, review_round, secretariat):
    application = make_application(review_round)
    reviewer = make_reviewer("tens", review_round)
    assignment = services.assign_reviewer(
        actor=secretariat, application=application, reviewer=reviewer
    )
    features = review_round.rubric.criteria.get(name="特点")
    services.save_review(
        actor=reviewer, assignment=assignment, points={features.pk: "10"}, comment=""
    )
    client.force_login(reviewer)
    page = client.get(f"/awards/reviews/{assignment.pk}/").content.decode()
    assert f'name="criterion_{features.pk}" value="10"' in page
    assert "特点（0–10分）" in page
