"""On a 390 px phone: a unit's administrator enrols two of its people (one place left, so
one waits); the trainee shows the QR code of their class page; the trainer types the code
on the session's check-in page and sees them admitted. No page scrolls sideways."""

import pytest

from conftest import make_person
from qualitymonth.organizations.models import Role
from qualitymonth.training.services.classes import enrol_in_class
from qualitymonth.training.tests.test_phone_journey import PASSWORD, PHONE, fits
from tests.browser import conftest as browsers

_password_alone_signs_in = browsers._password_alone_signs_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, live_server, username, path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**{path}")
    return context, page


def test_a_unit_enrols_its_staff_and_the_trainer_checks_one_in(
    live_server, browser, training_class, trainer, enterprise, enterprise_admin
):
    enrol_in_class(user=make_person("early"), training_class=training_class)
    first = make_person("sgm-first", unit=enterprise, role=Role.REPORTER)
    make_person("sgm-second", unit=enterprise, role=Role.REPORTER)
    path = f"/training/classes/{training_class.key}/enrol-staff/"

    context, page = _signed_in(browser, live_server, "sgm-admin", path)
    fits(page, "enrol staff")
    for name in ("sgm-first", "sgm-second"):
        page.locator("[data-testid=staff]", has_text=name).locator("input").check()
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_selector("[data-testid=unit-enrolment]")
    fits(page, "enrolled")
    statuses = page.locator("[data-testid=unit-enrolment]").all_inner_texts()
    assert any("sgm-first" in s and "已获名额" in s for s in statuses), statuses
    assert any("sgm-second" in s and "候补中" in s for s in statuses), statuses
    context.close()

    context, page = _signed_in(
        browser, live_server, "sgm-first", f"/training/classes/{training_class.key}/"
    )
    fits(page, "class page")
    assert page.locator("[data-testid=check-in-qr] svg").count() == 1
    code = page.locator("[data-testid=check-in-qr] code").inner_text().strip()
    context.close()

    session = training_class.sessions.order_by("starts_at").first()
    path = f"/training/classes/{training_class.key}/sessions/{session.pk}/check-in/"
    context, page = _signed_in(browser, live_server, "trainer", path)
    fits(page, "check-in")
    page.fill("#check-in-code", code)
    page.locator("[data-testid=check-in-form] button[type=submit]").click()
    page.wait_for_selector("[data-testid=check-in-ok]")
    assert "sgm-first" in page.locator("[data-testid=check-in-ok]").inner_text()
    fits(page, "checked in")
    context.close()
    assert session.attended.filter(enrolment__user=first).exists()
