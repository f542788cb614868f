import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from qualitymonth.campaigns.models import ActivityReport
from qualitymonth.demo.loader import DEMO_PASSWORD, load_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/campaigns/mine/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]:has-text('登录')")
    expect(page.locator("h1")).to_have_text("我的工作")
    return page


def test_a_district_reporter_files_an_activity_that_the_secretariat_accepts_into_the_digest(
    live_server, browser, tmp_path
):
    # The demo's files stay in the process's media folder (conftest.py): the demo loaded here
    # is copied for the next browser tests, which serve its lesson videos and posters.
    load_all()
    photo = tmp_path / "现场.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 200)).save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())

    reporter = sign_in(browser, live_server, "baoshan-reporter")
    reporter.click("[data-testid=report-activity]")
    reporter.fill("#id_title", "宝山质量开放日（测试）")
    reporter.fill("#id_starts_on", "2020-09-15")
    reporter.fill("#id_ends_on", "2020-09-15")
    reporter.fill("#id_place", "宝山区")
    reporter.select_option("#id_kind", "open_day")
    reporter.select_option("#id_category", label="质量宣传")
    reporter.fill("#id_participants", "321")
    reporter.set_input_files("#id_photos", str(photo))
    reporter.click("[data-testid=submit-activity]")
    expect(reporter.locator("[data-testid=report-state]")).to_contain_text("待审核")
    activity = ActivityReport.objects.get(title="宝山质量开放日（测试）")
    assert activity.files.get().content_type == "image/png"

    secretariat = sign_in(browser, live_server, "secretariat")
    secretariat.locator("[data-testid=activity-queue] a", has_text="宝山质量开放日（测试）").click()
    secretariat.check("input[name=decision][value=accept]")
    secretariat.click("button:has-text('提交审核意见')")
    expect(secretariat.locator("[data-testid=report-state]")).to_contain_text("已采用")

    secretariat.goto(f"{live_server.url}/campaigns/2020/digest/")
    item = secretariat.locator("article.digest-item", has_text="宝山质量开放日（测试）")
    expect(item).to_be_visible()
    expect(item.locator("img")).to_have_attribute("src", re.compile(r"/campaigns/files/\d+/"))
    # The photo is served to the public once the report is accepted.
    src = item.locator("img").get_attribute("src")
    assert secretariat.request.get(f"{live_server.url}{src}").ok
    # The charts and the district map drew themselves from the page's data.
    expect(secretariat.locator("#chart-map canvas")).to_have_count(1)
    expect(secretariat.locator("#chart-kind canvas")).to_have_count(1)
    total = int(
        secretariat.locator("[data-testid=total-participants]").inner_text().replace(",", "")
    )
    assert total == sum(
        ActivityReport.objects.filter(campaign__year=2020, state="accepted").values_list(
            "participants", flat=True
        )
    )


def test_campaign_pages_fit_a_phone_and_the_good_rows_box_is_ticked_by_its_label(
    live_server, browser, secretariat, enterprise, enterprise_reporter
):
    import datetime

    from qualitymonth.campaigns import services
    from qualitymonth.organizations.models import User

    campaign = services.create_campaign(actor=secretariat, year=2020, theme="质量成就美好生活")
    category = campaign.categories.first()
    services.create_action(
        actor=secretariat,
        campaign=campaign,
        number="1",
        title="召开全市质量大会并表彰质量奖获奖者",
        category=category,
        lead_unit=enterprise,
        due_on=datetime.date(2020, 9, 14),
    )
    activity = services.file_activity(
        actor=enterprise_reporter,
        campaign=campaign,
        unit=enterprise,
        title="质量月主题展览",
        starts_on=datetime.date(2020, 9, 1),
        ends_on=datetime.date(2020, 9, 30),
        kind="exhibition",
        category=category,
    )
    services.accept_activity(actor=secretariat, activity=activity)
    enterprise_reporter.set_password(DEMO_PASSWORD)
    enterprise_reporter.save()
    assert User.objects.filter(username=enterprise_reporter.username).exists()

    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in ("/campaigns/2020/", "/campaigns/2020/calendar/", "/campaigns/2020/activities/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    # The calendar is a list on a phone: the month-long activity once per week, with its dates.
    page.goto(f"{live_server.url}/campaigns/2020/calendar/")
    expect(page.locator("[data-testid=calendar-grid]")).to_be_hidden()
    expect(page.locator("[data-testid=calendar-list] li", has_text="质量月主题展览")).to_have_count(
        5
    )
    # A Chinese header or value is not broken one character per line.
    page.goto(f"{live_server.url}/campaigns/2020/")
    lead = page.locator("td[data-label='牵头单位']").first
    assert lead.bounding_box()["width"] > 200

    page.goto(f"{live_server.url}/accounts/login/?next=/campaigns/2020/import/")
    page.fill("#id_username", enterprise_reporter.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]:has-text('登录')")
    page.click("label[for=id_good_rows_only]")
    expect(page.locator("#id_good_rows_only")).to_be_checked()
    page.locator("#id_good_rows_only").click()
    expect(page.locator("#id_good_rows_only")).not_to_be_checked()
    context.close()
