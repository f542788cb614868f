"""Joining as a phone user would: an enterprise applies, the secretariat approves, the new
member's contact registers for a member-only event, is checked in, and the unit shows as
taking part in the year's participation. Every members page on the way fits 390 px."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from conftest import make_person, make_unit, valid_credit_code
from qualitymonth.events.models import Event, Registration, Venue
from qualitymonth.events.services.checkin import check_in
from qualitymonth.members.models import JoinApplication, MembershipType, ParticipationRun
from qualitymonth.members.services.joining import more_link_token
from qualitymonth.organizations.models import Role, UnitKind, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-pass-4321"  # make_person's
PHONE = {"width": 390, "height": 844}
CODE = valid_credit_code("91310000MA1FL7777")


@pytest.fixture
def association_and_event():
    association = make_unit(kind=UnitKind.ASSOCIATION, key="sqa", name="上海市质量协会")
    make_person("secretariat", unit=association, role=Role.SECRETARIAT)
    MembershipType.objects.create(key="member", name="会员单位", dues_per_year=Decimal("2000"))
    starts = timezone.now() + datetime.timedelta(hours=2)
    event = Event.objects.create(
        kind="lecture",
        title="会员专场质量大讲堂",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        members_only=True,
    )
    Venue.objects.create(event=event, name="会员之家", capacity=50)
    return event


def fits(page, path):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width} px wide"


def sign_in(page, url, username, next_path):
    page.goto(f"{url}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**{next_path}")


def licence_png(path):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (250, 250, 250)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_an_enterprise_joins_registers_for_a_member_only_event_and_takes_part(
    live_server, browser, association_and_event, tmp_path
):
    event = association_and_event
    url = live_server.url
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()

    page.goto(f"{url}/members/join/")
    fits(page, "/members/join/")
    page.fill("#id_unit_name", "上海示例精密机械有限公司")
    page.fill("#id_credit_code", CODE)
    page.set_input_files("#id_licence", licence_png(tmp_path / "licence.png"))
    page.fill("#id_contact_name", "陈静")
    page.fill("#id_contact_phone", "13800007777")
    page.fill("#id_contact_email", "chen.jing@example.com")
    page.fill("#id_industry", "通用设备制造")
    page.fill("#id_people", "王磊 | wang.lei@example.com | 13800008888 | reporter")
    page.select_option("#id_size", "medium")
    page.select_option("#id_type", label="会员单位")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/members/join/sent/")

    # The secretariat asks for more; the applicant answers by the e-mailed link.
    sign_in(page, url, "secretariat", "/members/applications/")
    with page.expect_navigation():
        page.get_by_role("link", name="上海示例精密机械有限公司").click()
    page.select_option("#id_decision", "more")
    page.fill("#id_note", "请补充质量管理体系认证证书。")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    context.clear_cookies()
    more = f"/members/join/more/{more_link_token(JoinApplication.objects.get())}/"
    page.goto(f"{url}{more}")
    fits(page, "the answer page")
    assert "请补充质量管理体系认证证书。" in page.content()
    page.fill("#id_answer", "已补充认证证书。")
    certificate = tmp_path / "认证证书.pdf"
    certificate.write_bytes(b"%PDF-1.4\n% certificate\n")
    page.set_input_files("#id_documents", str(certificate))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/members/join/sent/")

    sign_in(page, url, "secretariat", "/members/applications/")
    fits(page, "/members/applications/")
    with page.expect_navigation():
        page.get_by_role("link", name="上海示例精密机械有限公司").click()
    fits(page, "application")
    page.select_option("#id_decision", "approve")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    for path in (
        "/members/list/",
        "/members/dues/",
        "/members/visits/",
        "/members/groups/",
        "/members/participation/",
    ):
        page.goto(f"{url}{path}")
        fits(page, path)
    page.goto(f"{url}/members/list/")
    with page.expect_navigation():
        page.get_by_role("link", name="上海示例精密机械有限公司").click()
    fits(page, "the unit's page")
    context.clear_cookies()

    # The person named on the application has an account too.
    assert User.objects.filter(email="wang.lei@example.com").exists()
    contact = User.objects.get(email="chen.jing@example.com")
    contact.set_password(PASSWORD)  # as the welcome e-mail's link lets them
    contact.save()
    sign_in(page, url, contact.username, f"/events/{event.pk}/")
    page.fill("#id_name", "陈静")
    page.fill("#id_phone", "13800007777")
    with page.expect_navigation():
        page.locator("form:has(#id_phone) button[type=submit]").click()
    registration = Registration.objects.get(event=event)
    check_in(actor=None, event=event, ticket_code=registration.ticket_code)
    context.clear_cookies()

    sign_in(page, url, "secretariat", "/members/participation/")
    with page.expect_navigation():
        page.locator("form[action$='/compute/'] button").click()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    page.goto(f"{url}/members/participation/?year={event.starts_at.year}")
    fits(page, "participation")
    assert "100.0%" in page.content()
    run = ParticipationRun.objects.get(year=event.starts_at.year)
    # The headline number opens the list of those who took part, with their records.
    with page.expect_navigation():
        page.get_by_test_id("participants").click()
    assert page.url.endswith(f"/members/participation/runs/{run.pk}/?took_part=yes")
    fits(page, "who took part")
    assert "上海示例精密机械有限公司" in page.content()
    assert "会员专场质量大讲堂" in page.content()
    context.close()
