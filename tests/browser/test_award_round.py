"""One recognition round in the browser, from the call to a verified certificate."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_person, make_unit
from qualitymonth.awards import services
from qualitymonth.awards.data.rubric_templates import load_templates
from qualitymonth.awards.models import (
    Application,
    ApplicationStatus,
    AttachmentKind,
    Certificate,
    Criterion,
    Grade,
    Panel,
    Program,
    Round,
    RoundStatus,
    Rubric,
)
from qualitymonth.organizations.models import Role, Unit, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-Long-pass-4321"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_in(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/awards/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]:has-text('登录')")
    expect(page.locator("h1")).to_have_text("评价表彰项目")
    return page


@pytest.fixture
def draft_round():
    # Tests with real transactions empty the tables after each test, migrations' rows too.
    load_templates(Rubric, Criterion)
    association = make_unit(kind="association", key="sqa", name="上海市质量协会")
    secretariat = make_person("secretariat", unit=association, role=Role.SECRETARIAT)
    enterprise = make_unit(key="sgm", name="上汽通用汽车有限公司")
    make_person("sgm-reporter", unit=enterprise, role=Role.REPORTER)
    program = Program.objects.create(key="qc", code="QC", name="QC小组成果")
    rubric = services.copy_rubric(
        actor=secretariat,
        rubric=Rubric.objects.get(is_template=True, name="QC小组问题解决型课题成果评价"),
    )
    round_ = Round.objects.create(
        program=program,
        rubric=rubric,
        year=2026,
        title="2026年QC小组成果评审",
        call="欢迎各会员单位申报。",
        closes_at=timezone.now() + datetime.timedelta(days=10),
        min_reviews=2,
    )
    Grade.objects.create(round=round_, position=1, name="一等奖")
    AttachmentKind.objects.create(round=round_, label="成果报告", required=True)
    panel = Panel.objects.create(round=round_, name="评审组")
    for name in ("expert-a", "expert-b"):
        panel.reviewers.add(make_person(name, unit=make_unit(), role=Role.REVIEWER))
    return round_


def test_one_round_from_call_to_certificate(live_server, browser, draft_round, tmp_path):
    round_ = draft_round
    staff = sign_in(browser, live_server, "secretariat")
    staff.goto(f"{live_server.url}/awards/rounds/{round_.pk}/manage/")
    staff.click("[data-testid=step-open]")
    expect(staff.locator("[data-testid=round-status]")).to_have_text("已发布通知")

    applicant = sign_in(browser, live_server, "sgm-reporter")
    applicant.get_by_role("link", name="2026年QC小组成果评审").click()
    applicant.click("[data-testid=apply]")
    applicant.select_option("#id_unit", label="上汽通用汽车有限公司")
    applicant.click("[data-testid=start-application]")
    applicant.fill("#id_title", "降低总装线异响返修率")
    applicant.click("[data-testid=application-form] button[type=submit]")
    report = tmp_path / "成果报告.pdf"
    report.write_bytes(PDF)
    applicant.select_option("#id_kind", label="成果报告")
    applicant.set_input_files("#id_file", str(report))
    applicant.click("[data-testid=attach]")
    expect(applicant.locator("[data-testid=attachment]")).to_contain_text("成果报告.pdf")
    applicant.click("[data-testid=submit-application]")
    expect(applicant.locator("[data-testid=application-status]")).to_have_text("评审中")
    application_url = applicant.url

    Round.objects.filter(pk=round_.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )  # the deadline passes
    staff.reload()
    staff.click("[data-testid=step-close]")
    staff.click("[data-testid=auto-assign]")
    expect(staff.locator("[data-testid=board-row]")).to_contain_text("expert-a")

    for less, name in enumerate(("expert-a", "expert-b")):
        reviewer = sign_in(browser, live_server, name)
        reviewer.click("[data-testid=review-desk]")
        reviewer.locator("[data-testid=assignment] a").click()
        expect(reviewer.locator("[data-testid=attachment-link]")).to_have_text("成果报告.pdf")
        for criterion in round_.rubric.criteria.all():
            points = criterion.max_points - (less if criterion.name == "原因分析" else 0)
            reviewer.fill(f"#id_criterion_{criterion.pk}", str(points))
        # The running total follows the typing (review.js), before anything is saved.
        expect(reviewer.locator("[data-testid=running-total]")).to_have_text(
            f"目前合计：{100 - less}分（满分100分），已评6项中的6项。"
        )
        reviewer.once("dialog", lambda dialog: dialog.accept())
        reviewer.click("[data-testid=submit-review]")
        expect(reviewer.locator("[data-testid=locked]")).to_be_visible()

    staff.reload()
    expect(staff.locator("[data-testid=ranking-row]")).to_contain_text("99.50")
    staff.locator("[data-testid=ranking-row] select").select_option(label="一等奖")
    staff.click("[data-testid=save-grades]")
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept()

    staff.once("dialog", answer)
    staff.click("[data-testid=step-notice]")
    expect(staff.locator("[data-testid=round-status]")).to_have_text("名单公示中")
    assert asked == ["将拟表彰名单公示？此操作无法撤销。"]

    public = browser.new_page()
    public.goto(f"{live_server.url}/awards/rounds/{round_.pk}/")
    public.locator("[data-testid=notice-link]").first.click()
    expect(public.locator("[data-testid=entry]")).to_contain_text("上汽通用汽车有限公司")
    expect(public.locator("[data-testid=objection-form]")).to_be_visible()

    round_.notices.update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    staff.reload()
    staff.click("[data-testid=step-final]")
    expect(staff.locator("[data-testid=round-status]")).to_have_text("结果已公布")

    applicant.goto(application_url)
    expect(applicant.locator("[data-testid=application-status]")).to_have_text("已表彰")
    with applicant.expect_download() as download:
        applicant.click("[data-testid=certificate-pdf]")
    assert download.value.suggested_filename == "QC-2026-0001.pdf"

    serial = Certificate.objects.get().serial
    public.goto(f"{live_server.url}/awards/verify/")
    public.fill("#id_serial", serial)
    public.click("[data-testid=verify-form] button[type=submit]")
    expect(public.locator("[data-testid=verdict]")).to_contain_text("有效证书")
    expect(public.locator("[data-testid=certificate-facts]")).to_contain_text(
        "上汽通用汽车有限公司"
    )


@pytest.fixture
def reviewed_round(draft_round):
    """Under review: one application, both experts assigned, expert-a has submitted."""
    round_ = draft_round
    round_.status = RoundStatus.REVIEW
    round_.save()
    secretariat = User.objects.get(username="secretariat")
    for name, person in (("expert-a", "张伟"), ("expert-b", "李娜")):
        User.objects.filter(username=name).update(display_name=person)
    application = Application.objects.create(
        round=round_,
        applicant_unit=Unit.objects.get(key="sgm"),
        created_by=User.objects.get(username="sgm-reporter"),
        holder_name="上汽通用汽车有限公司",
        title="降低总装线异响返修率",
        status=ApplicationStatus.IN_REVIEW,
        submitted_at=timezone.now(),
    )
    points = {c.pk: c.max_points for c in round_.rubric.criteria.all()}
    for name in ("expert-a", "expert-b"):
        reviewer = User.objects.get(username=name)
        assignment = services.assign_reviewer(
            actor=secretariat, application=application, reviewer=reviewer
        )
        services.save_review(actor=reviewer, assignment=assignment, points=points, comment="")
        if name == "expert-a":
            services.submit_review(actor=reviewer, assignment=assignment)
    return round_


@pytest.mark.parametrize("width", [390, 1366])
def test_each_reviewers_inputs_sit_inside_that_reviewers_box(
    live_server, browser, reviewed_round, width
):
    staff = sign_in(browser, live_server, "secretariat")
    staff.set_viewport_size({"width": width, "height": 900})
    staff.goto(f"{live_server.url}/awards/rounds/{reviewed_round.pk}/manage/")
    overflow = staff.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    boxes = staff.locator("[data-testid=board-reviewer]")
    expect(boxes).to_have_count(2)
    expect(boxes.nth(0).locator("legend")).to_contain_text("张伟")
    expect(boxes.nth(1).locator("legend")).to_contain_text("李娜")
    # Only expert-a's review is submitted: the reason box and its label are inside 张伟's box,
    # drawn within its borders, and nothing of the kind is in 李娜's.
    reason = boxes.nth(0).get_by_label("重新开放此份评审的原因")
    expect(reason).to_be_visible()
    expect(boxes.nth(1).locator("input[name=reason]")).to_have_count(0)
    outer, inner = boxes.nth(0).bounding_box(), reason.bounding_box()
    button = boxes.nth(0).get_by_role("button", name="重新开放")
    tapped = button.bounding_box()
    for part in (inner, tapped):
        assert outer["x"] <= part["x"] and part["x"] + part["width"] <= outer["x"] + outer["width"]
        assert (
            outer["y"] <= part["y"] and part["y"] + part["height"] <= outer["y"] + outer["height"]
        )
    assert tapped["height"] >= 40  # tappable on a phone
    # The publish button says what is missing before it asks.
    expect(staff.locator("[data-testid=review-incomplete]")).to_contain_text(
        "2份评审中尚有1份未提交"
    )
