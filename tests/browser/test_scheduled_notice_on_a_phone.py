"""A notice's whole way on a 390 px phone: an editor drafts it with an attachment, schedules
it, then publishes it; until then a citizen's search does not find it; afterwards the citizen
finds it on the home page and by searching from there, and downloads the attachment. No page
scrolls sideways."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role, UnitKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-pass-4321"  # make_person's
PHONE = {"width": 390, "height": 844}
TITLE = "关于开展2026年上海市质量信得过班组活动的通知"
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def editor():
    association = make_unit(kind=UnitKind.ASSOCIATION, key="sqa", name="上海市质量协会")
    return make_person("editor", unit=association, role=Role.SECRETARIAT)


def fits(page, where):
    # After a click the next page may still be arriving: measure the page that has loaded.
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where


def phone(browser):
    return browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)


def search_from_home(page, base, words):
    page.goto(base + "/")
    fits(page, "home page")
    page.fill("#home-search", words)
    page.press("#home-search", "Enter")
    page.wait_for_url("**/search/**")
    fits(page, "search results")


def test_an_editor_schedules_and_publishes_a_notice_a_citizen_finds_it(
    live_server, browser, editor, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    editing = phone(browser)
    desk = editing.new_page()
    desk.goto(f"{live_server.url}/accounts/login/?next=/news/desk/new/")
    desk.fill("#id_username", "editor")
    desk.fill("#id_password", PASSWORD)
    desk.locator("main form button[type=submit]").first.click()
    desk.wait_for_url("**/news/desk/new/")
    desk.fill("#id_title", TITLE)
    desk.fill("#id_body", "各区市场监管局、各会员单位：\n\n请于**9月30日**前报送班组名单。")
    attachment = tmp_path / "申报表.pdf"
    attachment.write_bytes(PDF)
    desk.set_input_files("#id_attachments", str(attachment))
    desk.locator("[data-testid=post-form] button[type=submit]").click()
    desk.wait_for_url("**/news/desk/*/")
    fits(desk, "draft preview")
    draft = desk.url

    # Scheduled for the day after tomorrow, Shanghai time.
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=2))
    desk.fill("form[action$='/schedule/'] #id_publish_at", f"{later:%Y-%m-%dT%H:%M}")
    desk.locator("form[action$='/schedule/'] button[type=submit]").click()
    desk.wait_for_selector("text=文章已设为定时发布。")
    fits(desk, "scheduled")

    citizen = phone(browser)
    reader = citizen.new_page()
    search_from_home(reader, live_server.url, "信得过班组")
    assert reader.get_by_role("link", name=TITLE).count() == 0

    desk.goto(draft)
    with desk.expect_navigation():
        desk.get_by_role("button", name="立即发布…").click()
    fits(desk, "confirmation")
    desk.check("#id_confirm")
    desk.locator("[data-testid=confirm]").click()
    desk.wait_for_selector("text=文章已发布。")
    editing.close()

    reader.goto(live_server.url + "/")
    fits(reader, "home page with the notice")
    reader.locator("[data-testid=home-posts]").get_by_role("link", name=TITLE).click()
    reader.wait_for_selector("[data-testid=post]")
    fits(reader, "post")
    with reader.expect_download() as download:
        reader.locator("[data-testid=attachment]").click()
    assert download.value.suggested_filename == "申报表.pdf"

    search_from_home(reader, live_server.url, "信得过班组")
    reader.locator("[data-testid=search-post]").get_by_role("link", name=TITLE).click()
    reader.wait_for_selector("[data-testid=post]")
    assert TITLE in reader.locator("h1").first.inner_text()
    citizen.close()
