"""The case desk on a 390 px phone: no sideways scrolling of the page, and each case reads as a
card whose values are not squeezed to one character per line."""

import pytest

from conftest import make_person, make_unit
from qualitymonth.enquiries.limits import ensure_default_limits
from qualitymonth.enquiries.models import Category, RoutingRule
from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.statuses import Kind
from qualitymonth.organizations.models import Role, UnitKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-pass-4321"  # make_person's
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def case():
    ensure_default_limits()
    make_unit(kind=UnitKind.ASSOCIATION, key="sqa", name="上海市质量协会")
    huangpu = make_unit(kind=UnitKind.DISTRICT, key="huangpu", name="黄浦区", name_en="Huangpu")
    bureau = make_unit(
        kind=UnitKind.GOVERNMENT,
        key="hp-amr",
        name="上海市黄浦区市场监督管理局",
        name_en="Huangpu District Administration for Market Regulation",
        parent=huangpu,
    )
    category = Category.objects.create(
        code="product-complaint", name="产品质量投诉", kinds=[Kind.COMPLAINT, Kind.REPORT]
    )
    RoutingRule.objects.create(category=category, district=huangpu, unit=bureau)
    make_person("hp-staff", unit=bureau, role=Role.CASE_HANDLER)
    data = {
        "name": "王小明",
        "phone": "13812345678",
        "address": "上海市黄浦区人民路1号",
        "business_name": "某某眼镜店",
        "business_address": "上海市黄浦区南京东路100号",
        "facts": "配的眼镜度数与验光单不符。",
        "request": "退款并重新验光。",
        "district": huangpu,
    }
    return file_submission(
        kinds=[Kind.COMPLAINT, Kind.REPORT], category=category, data=data, channel="web"
    )[0]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_desk_fits_a_phone_and_reads_as_cards(live_server, browser, case, language):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_cookies([{"name": "qm_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/enquiries/desk/")
    page.fill("#id_username", "hp-staff")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit], form[action*=login] button").first.click()
    page.wait_for_url("**/enquiries/desk/")
    for url in ("/enquiries/desk/", f"/enquiries/desk/cases/{case.number}/"):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        for cell in page.locator("table.desk-cards td[data-label]").all():
            if not cell.is_visible():
                continue
            box = cell.bounding_box()
            assert box["width"] > 200, (url, cell.inner_text())  # a full line, not a sliver
    page.goto(f"{live_server.url}/enquiries/desk/")
    unit = page.locator("[data-testid=desk-case] td[data-label]").nth(4)
    assert unit.bounding_box()["height"] < 80  # the unit's name on one or two lines
    context.close()
