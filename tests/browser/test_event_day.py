import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from qualitymonth.demo.loader import DEMO_PASSWORD, load_all
from qualitymonth.events import services
from qualitymonth.events.models import Event, Registration
from qualitymonth.organizations.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser, live_server, username, width=1280):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/events/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]:has-text('登录')")
    expect(page.locator("h1")).to_have_text("活动与会议")
    return page


def test_a_citizen_registers_is_checked_in_and_signs_the_commitment_wall(live_server, browser):
    load_all()
    lecture = Event.objects.get(title__startswith="质量大讲堂：数字化转型")
    pledge = "我承诺买东西认准正规渠道，遇到质量问题理性维权。"

    citizen = sign_in(browser, live_server, "citizen")
    citizen.get_by_role("link", name=lecture.title).click()
    citizen.fill("#id_name", "测试市民")
    citizen.fill("#id_phone", "13700001111")
    citizen.fill("#id_email", "citizen@example.org")
    citizen.select_option("#id_q" + str(lecture.questions.get(kind="choice").pk), index=1)
    citizen.click("[data-testid=register-form] button[type=submit]")
    expect(citizen.locator("[data-testid=ticket-status]")).to_have_text("已确认")
    expect(citizen.locator("[data-testid=ticket-qr]")).to_be_visible()
    # The image really shows: a broken SVG has no natural width.
    assert citizen.locator("[data-testid=ticket-qr]").evaluate("img => img.naturalWidth") > 0
    code = citizen.locator("[data-testid=ticket-code]").inner_text()
    assert Registration.objects.get(ticket_code=code).name == "测试市民"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert any(code in message.body for message in mail.outbox)

    staff = sign_in(browser, live_server, "secretariat")
    staff.goto(f"{live_server.url}/events/{lecture.pk}/manage/")
    checked_in_before = int(staff.locator("[data-testid=figure-checked-in]").inner_text())
    staff.click("[data-testid=check-in-link]")
    staff.fill("#id_code", code)
    staff.click("#check-in-form button[type=submit]")
    expect(staff.locator("[data-testid=check-in-ok]")).to_contain_text("测试市民")
    expect(staff.locator("[data-testid=figure-checked-in]")).to_have_text(
        str(checked_in_before + 1)
    )
    staff.fill("#id_code", code)
    staff.click("#check-in-form button[type=submit]")
    expect(staff.locator("[data-testid=check-in-refused]")).to_contain_text("已于")

    citizen.reload()
    expect(citizen.locator("[data-testid=ticket-checked-in]")).to_be_visible()
    citizen.goto(f"{live_server.url}/events/commitments/")
    citizen.get_by_role("button", name="签署质量承诺").click()
    citizen.fill("#id_name", "测试市民")
    citizen.fill("#id_pledge", pledge)
    citizen.click("[data-testid=commitment-form] button[type=submit]")
    expect(citizen.locator(".message-success")).to_be_visible()
    expect(citizen.locator("[data-testid=commitment]", has_text=pledge)).to_have_count(0)

    staff.goto(f"{live_server.url}/events/commitments/moderation/")
    staff.locator("[data-testid=to-moderate]", has_text=pledge).locator(
        "[data-testid=show]"
    ).click()
    expect(staff.locator(".message-success")).to_contain_text(re.compile("测试市民"))

    citizen.reload()
    expect(citizen.locator("[data-testid=commitment]", has_text=pledge)).to_be_visible()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_on_a_phone_staff_approve_a_registration_and_a_citizen_cancels_after_confirming(
    live_server, browser
):
    load_all()
    open_day = Event.objects.get(title__startswith="2026年质量开放日")
    waiting = services.register(
        actor=None, event=open_day, name="待审市民", phone="13811112222", notify=False
    )

    staff = sign_in(browser, live_server, "sgm-admin", width=390)
    staff.goto(f"{live_server.url}/events/{open_day.pk}/manage/")
    assert no_sideways_scroll(staff)
    card = staff.locator("[data-testid=attendee]", has_text="待审市民")
    # Playwright refuses to click a button that something else covers.
    card.locator("[data-testid=approve]").click(timeout=5000)
    expect(staff.locator(".message-success")).to_contain_text("待审市民")
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"

    lecture = Event.objects.get(title__startswith="质量大讲堂：数字化转型")
    citizen_user = User.objects.get(username="citizen")
    size = lecture.questions.get(kind="choice")
    ticket = services.register(
        actor=citizen_user,
        event=lecture,
        name="测试市民",
        phone="13700001111",
        answers={f"q{size.pk}": size.choice_list()[0]},
        notify=False,
    )
    citizen = sign_in(browser, live_server, "citizen", width=390)
    citizen.goto(f"{live_server.url}/events/tickets/{ticket.ticket_code}/")
    assert no_sideways_scroll(citizen)
    asked = []
    citizen.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    citizen.get_by_role("button", name="取消报名").click()
    assert asked and "取消报名" in asked[0]
    assert Registration.objects.get(pk=ticket.pk).status == "confirmed"
    citizen.once("dialog", lambda dialog: dialog.accept())
    citizen.get_by_role("button", name="取消报名").click()
    expect(citizen.locator("[data-testid=ticket-ended]")).to_contain_text("此报名已取消")
    expect(citizen.locator("[data-testid=ticket-qr]")).to_have_count(0)
    citizen.locator("[data-testid=back-to-event]").click()
    expect(citizen.locator("[data-testid=event-title]")).to_have_text(lecture.title)
