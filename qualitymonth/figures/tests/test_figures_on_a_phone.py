"""The figures on a 390 px phone: the year page draws its trend charts, the council term,
the open data, a composed report and the dashboards fit the screen; nothing scrolls sideways."""

import pytest

from conftest import make_unit
from qualitymonth.figures.services import recompute_year
from qualitymonth.figures.services_open_data import build_open_data
from qualitymonth.figures.services_reports import create_report
from qualitymonth.figures.tests.conftest import held_event
from qualitymonth.figures.tests.test_terms import make_terms
from qualitymonth.organizations.models import UnitKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def fits(page, where):
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where


def test_the_secretariat_reads_the_figures_and_a_report_on_a_phone(
    live_server, browser, secretariat, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OTP_REQUIRED = False  # the second factor has its own tests
    make_terms()
    for year, events in {2016: 1, 2017: 2, 2018: 3}.items():
        for _n in range(events):
            held_event(year)
        recompute_year(year)
    build_open_data()
    report = create_report(
        actor=secretariat, title="第六届理事会工作报告", kind="council", year=2018
    )

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/figures/2018/")
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", "a-Long-pass-4321")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/figures/2018/")
    page.wait_for_selector("[id='trend-events.held'] canvas")
    fits(page, "year page")
    page.goto(f"{live_server.url}/figures/terms/6/")
    page.wait_for_selector("[id='trend-events.held'] canvas")
    assert "第六届理事会（2015–2020）" in page.locator("h1").inner_text()
    fits(page, "term page")
    page.goto(f"{live_server.url}/open-data/")
    fits(page, "open data")
    page.goto(f"{live_server.url}/figures/reports/{report.pk}/")
    fits(page, "report")
    huangpu = make_unit(kind=UnitKind.DISTRICT, key="huangpu", name="黄浦区")
    page.goto(f"{live_server.url}/figures/dashboard/")
    assert "黄浦区" in page.locator("[data-testid=dashboard-districts]").inner_text()
    fits(page, "city dashboard")
    page.goto(f"{live_server.url}/figures/dashboard/districts/{huangpu.pk}/")
    assert "黄浦区数据看板" in page.locator("h1").inner_text()
    fits(page, "district dashboard")
    context.close()
