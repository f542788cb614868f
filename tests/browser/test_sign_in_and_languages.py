import re

import pytest
from playwright.sync_api import expect

from qualitymonth.demo.loader import DEMO_PASSWORD, load_all
from qualitymonth.organizations.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_language(page, label):
    page.select_option("#language-select", label=label)
    page.click("[data-testid=language-submit]")


def test_the_secretariat_signs_in_switches_languages_and_reads_the_directory(live_server, page):
    load_all()
    page.goto(f"{live_server.url}/")
    # Simplified Chinese first, even for a browser that prefers English.
    assert page.locator("h1").inner_text() == "质量月平台"

    page.click("text=登录")
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('登录')")
    assert page.locator("[data-testid=profile-link]").inner_text() == "秘书处 王敏"

    with page.expect_navigation():
        page.click("[data-nav=units]")
    # Every active unit of the demo: its organisations, the streets and towns the survey demo
    # adds, the district bureaus, the members and the youth programme's school (over 300).
    active = Unit.objects.filter(is_active=True).count()
    assert active > 300
    assert page.locator("[data-testid=unit-count]").inner_text() == f"找到 {active} 家单位"

    switch_language(page, "English")
    assert page.locator("h1").inner_text() == "Unit directory"
    page.fill("input[name=q]", "huangpu")
    expect(page.locator("[data-testid=unit-count]")).to_have_text("2 units found")
    assert page.locator("#unit-results a").first.inner_text() == "Huangpu District"

    switch_language(page, "繁體中文")
    assert page.locator("h1").inner_text() == "單位名錄"
    assert page.locator("#unit-results a").first.inner_text() == "黃浦區"

    with page.expect_navigation():
        page.locator("#unit-results a").first.click()
    assert page.locator("h1").inner_text() == "黃浦區"
    assert "310101" in page.locator("dl.facts").first.inner_text()


def test_the_directory_works_with_the_keyboard_alone(live_server, page):
    load_all()
    page.goto(f"{live_server.url}/units/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.focus("input[name=q]")
    page.keyboard.type("baoshan")
    expect(page.locator("[data-testid=unit-count]")).to_have_text(re.compile("找到 3 家单位"))
    names = page.locator("#unit-results tbody a").all_inner_texts()
    assert names == ["宝山路街道", "宝山区", "上海市宝山区市场监督管理局"]


def test_the_directory_fits_a_phone_screen(live_server, browser):
    load_all()
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/units/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0
