"""Quality on a phone: a QC group registered by its enterprise, its result entered in the
district review, moved on by the district's scores and recommended by the city; an honour
recorded with its proof and counted once the secretariat confirms it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_person, make_unit
from qualitymonth.awards.data.rubric_templates import load_templates
from qualitymonth.awards.models import Criterion, Panel, Program, Round, Rubric
from qualitymonth.organizations.models import Role, UnitKind
from qualitymonth.quality.services import stages
from qualitymonth.quality.services.teams import MemberLine, add_result, register_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-Long-pass-4321"
PHONE = {"width": 390, "height": 844}
OURS = "降低总装线异响返修率"
THEIRS = "提高客房清洁一次合格率"


def sign_in(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/quality/programs/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]:has-text('登录')")
    expect(page.locator("h1")).to_have_text("分级评审")
    return page


def fits(page):
    """Nothing on the page is wider than the phone."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.fixture
def program():
    """District review, then city review; each lets one entry move on. A hotel's QC group
    is already entered in the open district stage."""
    load_templates(Rubric, Criterion)  # transaction tests empty the migrations' rows too
    association = make_unit(kind=UnitKind.ASSOCIATION, key="sqa", name="上海市质量协会")
    secretariat = make_person("secretariat", unit=association, role=Role.SECRETARIAT)
    huangpu = make_unit(kind=UnitKind.DISTRICT, key="huangpu", name="黄浦区")
    sgm = make_unit(key="sgm", name="上汽通用汽车有限公司", district=huangpu)
    make_person("sgm-reporter", unit=sgm, role=Role.REPORTER)
    hotel = make_unit(key="park-hotel", name="上海国际饭店", district=huangpu)
    hotel_staff = make_person("hotel-reporter", unit=hotel, role=Role.REPORTER)
    staged = stages.create_staged_program(
        actor=secretariat,
        program=Program.objects.create(key="qc-staged", code="QCS", name="QC成果分级评审"),
        year=2026,
        title="2026年QC小组成果分级评审",
        stages=[
            {
                "level": level,
                "quota": 1,
                "rubric": Rubric.objects.get(is_template=True, name="QC小组问题解决型课题成果评价"),
            }
            for level in ("district", "city")
        ],
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    district, city = staged.stages.order_by("position")
    stages.open_stage(actor=secretariat, stage=district)
    registration = register_team(
        actor=hotel_staff,
        enterprise=hotel,
        name="客房部QC小组",
        kind="qc_service",
        year=2026,
        number="PH-2026-01",
        topic="客房清洁",
        members=[MemberLine("陈静", "leader")],
    )
    result = add_result(actor=hotel_staff, registration=registration, title=THEIRS, method="qc")
    stages.apply_with_result(actor=hotel_staff, result=result, stage=district)
    for stage, judge in ((district, "district-judge"), (city, "city-judge")):
        panel = Panel.objects.create(round=stage.round, name=f"{judge}组")
        panel.reviewers.add(make_person(judge, unit=make_unit(), role=Role.REVIEWER))
    return staged


def score_all(browser, live_server, judge, points: dict[str, int]):
    """The judge opens each assignment from the review desk and scores it (as a share of
    every criterion's maximum), then submits and locks it."""
    reviewer = sign_in(browser, live_server, judge)
    for title, share in points.items():
        reviewer.goto(f"{live_server.url}/awards/reviews/")
        with reviewer.expect_navigation():
            reviewer.locator("[data-testid=assignment] a", has_text=title).click()
        for field in reviewer.locator("[data-review-form] input[id^=id_criterion_]").all():
            maximum = float(field.get_attribute("max"))
            field.fill(f"{maximum * share / 100:.1f}")
        reviewer.once("dialog", lambda dialog: dialog.accept())
        reviewer.click("[data-testid=submit-review]")
        expect(reviewer.locator("[data-testid=locked]")).to_be_visible()
    reviewer.context.close()


def run_review(staff, live_server, stage):
    """The secretariat assigns the stage's panel from the round's own page."""
    staff.goto(f"{live_server.url}{stage.get_absolute_url()}")
    with staff.expect_navigation():
        staff.click("[data-testid=manage-round]")
    if staff.locator("[data-testid=step-close]").count():
        with staff.expect_navigation():
            staff.click("[data-testid=step-close]")
    staff.click("[data-testid=auto-assign]")
    expect(staff.locator("[data-testid=board-row]").first).to_be_visible()


def test_a_qc_group_registers_applies_passes_the_district_and_is_recommended_by_the_city(
    live_server, browser, program
):
    district, city = program.stages.order_by("position")
    holder = "上汽通用汽车有限公司 总装车间QC小组"

    # The enterprise registers its QC group for the year.
    enterprise = sign_in(browser, live_server, "sgm-reporter")
    enterprise.get_by_role("link", name="注册小组").click()
    enterprise.select_option("#id_enterprise", label="上汽通用汽车有限公司")
    enterprise.fill("#id_name", "总装车间QC小组")
    enterprise.select_option("#id_kind", value="qc_site")
    enterprise.fill("#id_workshop", "总装车间")
    enterprise.fill("#id_year", "2026")
    enterprise.fill("#id_number", "SGM-QC-2026-07")
    enterprise.fill("#id_topic", "降低异响返修")
    enterprise.fill("#id_members", "王芳 / 组长 / 1024\n李强 / 组员 / 1025\n赵敏 / 组员")
    assert fits(enterprise) <= 0
    enterprise.click("[data-testid=register]")
    expect(enterprise.locator("h1")).to_have_text("总装车间QC小组")
    expect(enterprise.locator("[data-testid=team-year]")).to_contain_text("SGM-QC-2026-07")

    # ... adds the year's result ...
    enterprise.locator("[data-testid=team-year] summary").click()
    enterprise.fill("#id_title", OURS)
    enterprise.select_option("#id_method", value="qc")
    enterprise.click("[data-testid=add-result]")
    expect(enterprise.locator("h1")).to_have_text(OURS)

    # ... and enters it in the district review, found from the programs list.
    enterprise.goto(f"{live_server.url}/quality/programs/")
    enterprise.get_by_role("link", name="2026年QC小组成果分级评审").click()
    enterprise.get_by_role("link", name="区或行业评审").click()
    enterprise.select_option("[name=result]", label=f"总装车间QC小组: {OURS}")
    enterprise.click("[data-testid=enter-result]")
    expect(enterprise.locator("[data-testid=entry]", has_text=OURS)).to_contain_text(holder)
    assert fits(enterprise) <= 0

    # The call ends; the district's judge scores both entries; the stage closes.
    Round.objects.filter(pk=district.round_id).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    staff = sign_in(browser, live_server, "secretariat")
    run_review(staff, live_server, district)
    score_all(browser, live_server, "district-judge", {"上汽通用": 92, "上海国际饭店": 81})
    staff.goto(f"{live_server.url}{district.get_absolute_url()}")
    staff.once("dialog", lambda dialog: dialog.accept())  # closing cannot be undone
    with staff.expect_navigation():
        staff.click("[data-testid=close-stage]")
    moved = staff.locator("[data-testid=ranking-row]", has_text=OURS)
    expect(moved).to_contain_text("是")
    expect(staff.locator("[data-testid=ranking-row]", has_text=THEIRS)).to_contain_text("否")
    assert fits(staff) <= 0

    # The city's review opens with what the district let through: ours, not the hotel's.
    staff.goto(f"{live_server.url}{city.get_absolute_url()}")
    with staff.expect_navigation():
        staff.click("[data-testid=open-stage]")
    enterprise.goto(f"{live_server.url}{city.get_absolute_url()}")
    expect(enterprise.locator("[data-testid=entry]")).to_have_count(1)
    expect(enterprise.locator("[data-testid=entry]")).to_contain_text(OURS)

    run_review(staff, live_server, city)
    score_all(browser, live_server, "city-judge", {"上汽通用": 88})
    staff.goto(f"{live_server.url}{city.get_absolute_url()}")
    staff.once("dialog", lambda dialog: dialog.accept())  # closing cannot be undone
    with staff.expect_navigation():
        staff.click("[data-testid=close-stage]")

    # The city's list recommended to the national body names the group's result.
    enterprise.goto(f"{live_server.url}{program.get_absolute_url()}")
    recommended = enterprise.locator("[data-testid=recommended]")
    expect(recommended).to_have_count(1)
    expect(recommended).to_contain_text(holder)
    expect(recommended).to_contain_text(OURS)
    expect(recommended).to_contain_text("等待中")
    assert fits(enterprise) <= 0


def test_an_honour_recorded_with_its_proof_counts_once_the_secretariat_confirms_it(
    live_server, browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    association = make_unit(kind=UnitKind.ASSOCIATION, key="sqa", name="上海市质量协会")
    make_person("secretariat", unit=association, role=Role.SECRETARIAT)
    sgm = make_unit(key="sgm", name="上汽通用汽车有限公司")
    make_person("sgm-reporter", unit=sgm, role=Role.REPORTER)
    certificate = tmp_path / "全国质量奖证书.pdf"
    certificate.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    enterprise = sign_in(browser, live_server, "sgm-reporter")
    enterprise.get_by_role("link", name="荣誉", exact=True).click()
    enterprise.select_option("#id_enterprise", label="上汽通用汽车有限公司")
    enterprise.fill("#id_name", "全国质量奖")
    enterprise.fill("#id_body", "中国质量协会")
    enterprise.select_option("#id_level", value="national")
    enterprise.fill("#id_year", "2025")
    enterprise.set_input_files("#id_proof", str(certificate))
    enterprise.click("[data-testid=record-honour]")
    expect(enterprise.locator("[data-testid=honour]")).to_contain_text("待确认")
    expect(enterprise.locator("[data-level=national]")).to_contain_text("0")
    assert fits(enterprise) <= 0

    staff = sign_in(browser, live_server, "secretariat")
    staff.goto(f"{live_server.url}/quality/honours/")
    row = staff.locator("[data-testid=honour-to-confirm]")
    expect(row).to_contain_text("上汽通用汽车有限公司")
    with staff.expect_download() as download:
        row.locator("[data-testid=honour-proof]").click()
    assert download.value.suggested_filename == "全国质量奖证书.pdf"
    row.locator("[data-testid=confirm-honour]").click()
    expect(staff.locator("[data-testid=honour-to-confirm]")).to_have_count(0)
    expect(staff.locator("[data-level=national] td")).to_have_text("1")
    assert fits(staff) <= 0

    enterprise.goto(f"{live_server.url}/quality/figures/?year=2025")
    expect(
        enterprise.locator("[data-testid=figure]", has_text="获国家级质量奖的企业")
    ).to_contain_text("1")
    enterprise.goto(f"{live_server.url}/quality/honours/")
    expect(enterprise.locator("[data-testid=honour]")).to_contain_text("已确认")
