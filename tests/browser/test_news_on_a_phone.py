"""The notice board on a 390 px phone: an editor writes a notice with an attachment, sees
its preview, confirms publishing it; a visitor finds it from the navigation and opens the
attachment. No page scrolls sideways."""

import pytest

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role, UnitKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-pass-4321"  # make_person's
PHONE = {"width": 390, "height": 844}
TITLE = "关于开展2026年上海市“质量信得过班组”活动的通知"
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def editor():
    association = make_unit(kind=UnitKind.ASSOCIATION, key="sqa", name="上海市质量协会")
    return make_person("editor", unit=association, role=Role.SECRETARIAT)


def fits(page, where):
    # After a click the next page may still be arriving: measure the page that has loaded.
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where


def test_an_editor_publishes_a_notice_and_a_visitor_finds_it_on_a_phone(
    live_server, browser, editor, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/news/desk/new/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/news/desk/new/")
    fits(page, "edit form")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", "各会员单位：\n\n请于**9月30日**前报送班组名单。")
    page.fill("#id_document_number", "沪质协〔2026〕12号")
    attachment = tmp_path / "申报表.pdf"
    attachment.write_bytes(PDF)
    page.set_input_files("#id_attachments", str(attachment))
    page.locator("[data-testid=post-form] button[type=submit]").click()
    page.wait_for_url("**/news/desk/*/")
    fits(page, "preview")
    assert "9月30日" in page.locator(".post-body strong").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="立即发布…").click()
    fits(page, "confirmation")
    page.check("#id_confirm")
    page.locator("[data-testid=confirm]").click()
    page.wait_for_selector("text=文章已发布。")
    context.close()

    visitor = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = visitor.new_page()
    page.goto(live_server.url + "/")
    page.locator("[data-testid=menu-toggle]").click()
    page.locator("[data-nav=publishing]").click()
    page.wait_for_url("**/news/")
    fits(page, "notice board")
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).first.click()
    fits(page, "post")
    assert page.locator("[data-testid=document-number]").inner_text() == "沪质协〔2026〕12号"
    with page.expect_download() as download:
        page.locator("[data-testid=attachment]").click()
    assert download.value.suggested_filename == "申报表.pdf"
    page.goto(live_server.url + "/news/notice/")
    fits(page, "column")
    visitor.close()
