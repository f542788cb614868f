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
    live_server, browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
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
