"""The reviewer's page: number inputs bounded by the rubric, a running total, and the
application's materials (or word that there are none)."""

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitymonth.awards import services
from qualitymonth.awards.models import Attachment, AttachmentKind, FormField
from qualitymonth.awards.tests.conftest import make_application, make_reviewer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def assignment(review_round, secretariat):
    application = make_application(review_round, name="上海电气QC小组")
    reviewer = make_reviewer("reader", review_round)
    return services.assign_reviewer(actor=secretariat, application=application, reviewer=reviewer)


def _page(client, assignment):
    client.force_login(assignment.reviewer)
    html = client.get(f"/awards/reviews/{assignment.pk}/").content.decode()
    return lxml.html.fromstring(html), html


def test_each_criterion_is_a_number_input_bounded_by_its_rubric_criterion(client, assignment):
    page, _html = _page(client, assignment)
    rubric = assignment.application.round.rubric
    for criterion in rubric.criteria.all():
        (field,) = page.xpath(f"//input[@name='criterion_{criterion.pk}']")
        assert field.get("type") == "number"
        assert field.get("min") == "0"
        assert field.get("max") == criterion.max_points_text
        assert field.get("step") == "0.01"
        assert field.get("data-weight") == criterion.weight_text
    topic = rubric.criteria.get(name="选题")
    assert page.xpath(f"//input[@name='criterion_{topic.pk}']")[0].get("max") == "15"


def test_the_running_total_starts_from_the_saved_scores_and_its_script_is_a_file(
    client, assignment
):
    criteria = assignment.application.round.rubric.criteria
    points = {criteria.get(name="选题").pk: "10", criteria.get(name="原因分析").pk: "25.5"}
    services.save_review(
        actor=assignment.reviewer, assignment=assignment, points=points, comment=""
    )
    page, _html = _page(client, assignment)
    (total,) = page.xpath("//*[@data-testid='running-total']")
    assert total.text_content().strip() == "目前合计：35.5分（满分100分），已评6项中的2项。"
    scripts = page.xpath("//script")
    assert all(script.get("src") for script in scripts)  # the CSP blocks inline scripts
    (review_js,) = [s for s in scripts if s.get("src").endswith("awards/review.js")]
    assert review_js.get("defer") is not None


def test_the_reviewer_opens_the_attachments_through_the_checked_file_view(client, assignment):
    application = assignment.application
    kind = AttachmentKind.objects.create(round=application.round, label="成果报告")
    attachment = Attachment.objects.create(
        application=application,
        kind=kind,
        file=SimpleUploadedFile("成果报告.pdf", PDF),
        name="成果报告.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    page, _html = _page(client, assignment)
    (link,) = page.xpath("//*[@data-testid='attachment-link']")
    assert link.text_content() == "成果报告.pdf"
    assert link.get("href") == f"/awards/attachments/{attachment.pk}/"
    response = client.get(link.get("href"))
    assert b"".join(response.streaming_content) == PDF
    assert not page.xpath("//*[@data-testid='no-attachments']")


def test_the_reviewer_sees_the_form_answers(client, assignment):
    application = assignment.application
    field = FormField.objects.create(round=application.round, label="课题类型", kind="text")
    application.answers = {str(field.pk): "现场型"}
    application.save()
    page, _html = _page(client, assignment)
    (answers,) = page.xpath("//*[@data-testid='answers']")
    assert answers.xpath("dt")[0].text_content() == "课题类型"
    assert answers.xpath("dd")[0].text_content() == "现场型"


def test_the_reviewer_is_told_when_the_application_has_no_materials(client, assignment):
    page, _html = _page(client, assignment)
    no_answers = page.xpath("//*[@data-testid='no-answers']")[0].text_content()
    no_files = page.xpath("//*[@data-testid='no-attachments']")[0].text_content()
    assert no_answers == "该申报没有填写申报书内容。"
    assert no_files == "该申报没有上传附件。"
