"""An inspector records a site inspection on a phone; the secretariat recomputes and the
district ranking changes."""

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role, UnitKind
from qualitymonth.surveys.models import (
    Evaluation,
    InstrumentKind,
    Photo,
    Response,
    Site,
    SiteKind,
)
from qualitymonth.surveys.services.indices import compute_index, publish_run
from qualitymonth.surveys.services.instruments import create_instrument
from qualitymonth.surveys.tests.conftest import (
    answer,
    build_system,
    collecting_round,
    xlsform_upload,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-pass-4321"  # make_person's
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")  # set to keep the phone's screenshots


def keep_screenshot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def sign_in(browser, live_server, username, **context):
    context = browser.new_context(locale="zh-CN", **context)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/surveys/mine/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]:has-text('登录')")
    return page


def jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(output, "JPEG")
    return output.getvalue()


@pytest.fixture
def published_round():
    """甲区 ahead of 乙区 in a published run; the inspector has one 乙区 site left to visit."""
    secretariat = make_person(
        "secretariat", unit=make_unit(kind=UnitKind.ASSOCIATION), role=Role.SECRETARIAT
    )
    inspector = make_person("inspector-1", unit=make_unit(), role=Role.INSPECTOR)
    jia = make_unit(kind=UnitKind.DISTRICT, key="district-x", name="甲区")
    yi = make_unit(kind=UnitKind.DISTRICT, key="district-y", name="乙区")
    evaluation = Evaluation.objects.create(key="civility", name="文明指数测评")
    instrument = create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.CHECKLIST,
        title="窗口检查表",
        upload=xlsform_upload(),
        actor=secretariat,
    )
    round_ = collecting_round(build_system(evaluation), instrument, inspectors=[inspector])
    sites = {
        code: Site.objects.create(
            evaluation=evaluation, code=code, kind=SiteKind.SITE, name=name, district=district
        )
        for code, name, district in (
            ("S1", "甲区政务服务中心", jia),
            ("S3", "乙区火车站售票厅", yi),
            ("S4", "乙区人民医院门诊", yi),
        )
    }
    answer(round_, sites["S1"], a=8, b=2, c=10)
    answer(round_, sites["S3"], a=2, b=5, c=10)
    publish_run(run=compute_index(round_=round_, actor=secretariat), actor=secretariat)
    return round_


def ranking(page) -> list[str]:
    return page.locator("[data-testid=district-row] td:nth-child(2)").all_inner_texts()


def test_an_inspection_on_a_phone_moves_its_district_up_the_ranking(
    live_server, browser, published_round
):
    results_url = f"{live_server.url}/surveys/rounds/{published_round.pk}/results/"
    staff = sign_in(browser, live_server, "secretariat", viewport={"width": 1280, "height": 900})
    staff.goto(results_url)
    assert ranking(staff) == ["甲区", "乙区"]

    phone = sign_in(
        browser,
        live_server,
        "inspector-1",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation={"latitude": 31.2304, "longitude": 121.4737, "accuracy": 12},
        permissions=["geolocation"],
    )
    phone.get_by_test_id("round-link").click()
    expect(phone.locator("[data-gps-status]")).to_have_attribute("data-located", "yes")
    expect(phone.locator("[data-gps-status]")).to_have_text("已附上手机定位。")
    # The site picker: search by name, the list follows as one types.
    phone.get_by_test_id("site-search").fill("人民医院")
    expect(phone.get_by_test_id("site-option")).to_have_count(1)
    phone.get_by_label("S4 乙区人民医院门诊").check()
    phone.fill("#q-a", "10")
    phone.get_by_label("无需排队").check()
    phone.fill("#q-c", "900")
    phone.get_by_label("是", exact=True).check()
    # The form's skip logic: a note is asked for once a problem is reported.
    expect(phone.locator("#q-issue_note")).to_be_visible()
    phone.get_by_label("否", exact=True).check()
    expect(phone.locator("#q-issue_note")).to_be_hidden()
    phone.get_by_test_id("photo-photo").set_input_files(
        {"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}
    )
    # Nothing on the phone's page is wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_test_id("submit-response").click()
    expect(phone.locator(".message-success")).to_have_text("本次检查已记录。")

    recorded = Response.objects.get(site__code="S4")
    assert (round(recorded.latitude, 4), round(recorded.longitude, 4)) == (31.2304, 121.4737)
    assert Photo.objects.get(response=recorded).content_type == "image/jpeg"

    staff.goto(f"{live_server.url}/surveys/manage/rounds/{published_round.pk}/")
    staff.get_by_test_id("compute").click()
    expect(staff.get_by_test_id("run-row")).to_have_count(2)
    with staff.expect_navigation():
        staff.get_by_test_id("publish").first.click()
    staff.goto(results_url)
    assert ranking(staff) == ["乙区", "甲区"]


@pytest.fixture
def located_round():
    """A round whose frame has sites with locations, for the phone's "nearest to me"."""
    secretariat = make_person(
        "secretariat", unit=make_unit(kind=UnitKind.ASSOCIATION), role=Role.SECRETARIAT
    )
    inspector = make_person("inspector-1", unit=make_unit(), role=Role.INSPECTOR)
    jia = make_unit(kind=UnitKind.DISTRICT, key="district-x", name="甲区")
    evaluation = Evaluation.objects.create(key="civility", name="文明指数测评")
    instrument = create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.CHECKLIST,
        title="窗口检查表",
        upload=xlsform_upload(),
        actor=secretariat,
    )
    round_ = collecting_round(build_system(evaluation), instrument, inspectors=[inspector])
    for code, name, lat, lon in (
        ("S1", "甲区图书馆", 31.2650, 121.5050),
        ("S2", "人民广场服务台", 31.2310, 121.4740),
        ("S3", "外滩咨询中心", 31.2400, 121.4900),
    ):
        Site.objects.create(
            evaluation=evaluation,
            code=code,
            kind=SiteKind.SITE,
            name=name,
            district=jia,
            latitude=lat,
            longitude=lon,
        )
    return round_


def test_a_refused_inspection_says_what_to_fix_and_keeps_the_photo(
    live_server, browser, located_round
):
    phone = sign_in(
        browser,
        live_server,
        "inspector-1",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation={"latitude": 31.2304, "longitude": 121.4737, "accuracy": 12},
        permissions=["geolocation"],
    )
    phone.get_by_test_id("round-link").click()
    # The button works once the page's script has run (on a busy machine, after the click
    # could already land): wait for the page to have loaded.
    phone.wait_for_load_state("load")
    # Nearest to the phone first, with its distance.
    phone.get_by_test_id("site-nearest").click()
    expect(phone.get_by_test_id("site-option").first).to_have_value(
        str(Site.objects.get(code="S2").pk), timeout=20_000
    )
    expect(phone.get_by_test_id("site-distance").first).to_have_text("73米")
    phone.get_by_test_id("site-option").first.check()
    phone.fill("#q-a", "12")  # the form allows 0 to 10
    phone.get_by_test_id("photo-photo").set_input_files(
        {"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}
    )
    phone.get_by_test_id("submit-response").click()

    summary = phone.get_by_test_id("form-errors")
    expect(summary).to_contain_text("整洁程度：0到10分")
    expect(summary).to_contain_text("排队情况：本题为必答题。")
    expect(phone.get_by_test_id("error-a")).to_have_text("0到10分")
    assert "['" not in phone.content()
    expect(phone.get_by_test_id("kept-photo")).to_contain_text("现场.jpg")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    keep_screenshot(phone, "refused-390.png")
    # The summary's link leads to the field; the chosen site is still chosen.
    phone.get_by_test_id("error-link").filter(has_text="排队情况").click()
    assert phone.evaluate("location.hash") == "#field-b"
    expect(phone.locator("input[name=site]:checked")).to_have_count(1)

    phone.fill("#q-a", "9")
    phone.get_by_label("较短").check()
    phone.fill("#q-c", "12")
    phone.get_by_test_id("submit-response").click()  # no new photo: the kept one is used
    expect(phone.locator(".message-success")).to_have_text("本次检查已记录。")
    recorded = Response.objects.get()
    assert recorded.site.code == "S2"
    assert Photo.objects.get(response=recorded).content_type == "image/jpeg"
    expect(phone.get_by_test_id("todays-record")).to_contain_text("S2 人民广场服务台")
    keep_screenshot(phone, "recorded-390.png")


def test_the_phone_form_offers_only_the_streets_of_the_chosen_district(live_server, browser):
    """choice_filter and ${name} in labels, live: the server is asked as answers change."""
    from qualitymonth.surveys.tests.test_xlsform_fidelity import STREETS, form, row

    secretariat = make_person(
        "secretariat", unit=make_unit(kind=UnitKind.ASSOCIATION), role=Role.SECRETARIAT
    )
    inspector = make_person("inspector-1", unit=make_unit(), role=Role.INSPECTOR)
    jia = make_unit(kind=UnitKind.DISTRICT, key="district-x", name="甲区")
    evaluation = Evaluation.objects.create(key="civility", name="文明指数测评")
    instrument = create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.CHECKLIST,
        title="街道检查",
        upload=form(
            [
                row("select_one d", "district", "区", required="yes"),
                row("select_one s", "street", "街道", choice_filter="district=${district}"),
                row("text", "shop", "门店"),
                row("integer", "rating", "${shop} 的评分"),
            ],
            STREETS,
        ),
        actor=secretariat,
    )
    collecting_round(build_system(evaluation), instrument, inspectors=[inspector])
    Site.objects.create(
        evaluation=evaluation, code="S1", kind=SiteKind.SITE, name="甲区服务点", district=jia
    )
    phone = sign_in(browser, live_server, "inspector-1", viewport=PHONE, is_mobile=True)
    phone.get_by_test_id("round-link").click()
    # The form asks the server once its script has run: on a busy machine the choice could
    # otherwise be made before it listens.
    phone.wait_for_load_state("load")
    phone.get_by_label("甲区", exact=True).check()
    expect(phone.get_by_label("甲区一街")).to_be_visible()
    expect(phone.get_by_label("甲区二街")).to_be_visible()
    expect(phone.get_by_label("乙区一街")).to_be_hidden()
    phone.get_by_label("甲区一街").check()
    phone.get_by_label("乙区", exact=True).check()
    expect(phone.get_by_label("乙区一街")).to_be_visible()
    expect(phone.get_by_label("甲区一街")).to_be_hidden()
    assert not phone.get_by_label("甲区一街").is_checked()  # a withdrawn choice is cleared
    phone.fill("#q-shop", "南京路店")
    expect(phone.locator("#field-rating [data-label]")).to_have_text("南京路店 的评分")
