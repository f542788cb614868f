"""A citizen files a complaint with a photo on a phone; staff accept, mediate and close it; the
citizen follows every step and rates the handling."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import make_person, make_unit
from qualitymonth.enquiries.limits import ensure_default_limits
from qualitymonth.enquiries.models import Attachment, Case, Category, Notice, RoutingRule
from qualitymonth.enquiries.statuses import Kind, Status
from qualitymonth.organizations.models import Role, UnitKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-pass-4321"  # make_person's
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def bureau():
    ensure_default_limits()  # an earlier transactional test may have flushed them
    make_unit(kind=UnitKind.ASSOCIATION, key="sqa", name="上海市质量协会")
    huangpu = make_unit(kind=UnitKind.DISTRICT, key="huangpu", name="黄浦区")
    bureau = make_unit(
        kind=UnitKind.GOVERNMENT, key="hp-amr", name="黄浦区市场监管局", parent=huangpu
    )
    category = Category.objects.create(
        code="product-complaint", name="产品质量投诉", kinds=[Kind.COMPLAINT, Kind.REPORT]
    )
    RoutingRule.objects.create(category=category, district=huangpu, unit=bureau)
    make_person("hp-staff", unit=bureau, role=Role.CASE_HANDLER)
    return bureau


def receipt_photo() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (80, 60), "white").save(output, "JPEG")
    return output.getvalue()


def staff_sets(page, status: str, text: str) -> None:
    form = page.get_by_test_id("status-form")
    form.locator("#id_status-status").select_option(status)
    form.locator("#id_status-text").fill(text)
    page.get_by_test_id("status-submit").click()


def test_a_complaint_from_filing_to_rating(live_server, browser, bureau):
    phone = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    citizen = phone.new_page()
    citizen.goto(f"{live_server.url}/enquiries/new/")
    citizen.locator("select[name=category]").select_option(label="产品质量投诉")
    citizen.locator("input[name=kinds][value=complaint]").check()
    citizen.locator("select[name=district]").select_option(label="黄浦区")
    for name, value in {
        "name": "王小明",
        "phone": "13812345678",
        "address": "上海市黄浦区人民路1号",
        "business_name": "某某眼镜店",
        "business_address": "上海市黄浦区南京东路100号",
        "product": "眼镜",
        "facts": "配的眼镜度数与验光单不符。",
        "request": "退款并重新验光。",
    }.items():
        citizen.locator(f"[name={name}]").fill(value)
    citizen.locator("input[name=attachments]").set_input_files(
        {"name": "小票.jpg", "mimeType": "image/jpeg", "buffer": receipt_photo()}
    )
    assert citizen.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    citizen.get_by_test_id("submit").click()
    number = citizen.get_by_test_id("tracking-number").first.inner_text().strip()
    case = Case.objects.get(number=number)
    assert (case.kind, case.status, case.unit) == (Kind.COMPLAINT, Status.RECEIVED, bureau)
    assert Attachment.objects.get(submission=case.submission).content_type == "image/jpeg"

    # Following the case from another browser: the number and the phone open it.
    citizen.context.clear_cookies()
    citizen.goto(f"{live_server.url}/enquiries/track/")
    citizen.locator("input[name=number]").fill(number)
    citizen.locator("input[name=phone]").fill("13812345678")
    citizen.get_by_test_id("track-submit").click()
    expect(citizen.get_by_test_id("case-number")).to_have_text(number)
    expect(citizen.get_by_test_id("case-status")).to_have_text(str(Status.RECEIVED.label))

    staff_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    staff.goto(f"{live_server.url}/accounts/login/?next=/enquiries/desk/cases/{number}/")
    staff.fill("#id_username", "hp-staff")
    staff.fill("#id_password", PASSWORD)
    staff.click("button[type=submit]:has-text('登录')")
    expect(staff.get_by_test_id("citizen-phone")).to_contain_text("13812345678")
    steps = [
        (Status.ACCEPTED, "您的投诉已受理。"),
        (Status.MEDIATING, "已约商家于下周一调解。"),
        (Status.AGREEMENT, "双方同意退款并免费重新验光。"),
        (Status.CLOSED, "商家已退款，投诉办结。"),
    ]
    for status, text in steps:
        staff_sets(staff, status, text)
        expect(staff.get_by_test_id("case-status")).to_have_text(str(status.label))

        citizen.reload()
        expect(citizen.get_by_test_id("case-status")).to_have_text(str(status.label))
        expect(citizen.get_by_test_id("case-history")).to_contain_text(text)

    # Told of every step by SMS, besides the filing notice.
    assert Notice.objects.filter(case=case, channel="sms").count() == 1 + len(steps)

    citizen.locator("[data-testid=rate-form] input[name=rating][value='5']").check()
    citizen.locator("[data-testid=rate-form] textarea[name=comment]").fill("处理及时，态度很好。")
    citizen.get_by_test_id("rate-submit").click()
    expect(citizen.get_by_test_id("case-rating")).to_contain_text("处理及时")
    case.refresh_from_db()
    assert case.rating == 5
