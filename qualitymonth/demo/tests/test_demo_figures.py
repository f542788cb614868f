"""The figures demo: past council terms from their reports, and the open-data download built
from the whole demo, which holds none of the demo's personal data."""

import json
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from qualitymonth.enquiries.models import Submission
from qualitymonth.events.models import Registration, Speaker
from qualitymonth.figures.breakdowns import by_district
from qualitymonth.figures.models import FigureValue, OpenDataExport
from qualitymonth.figures.selectors_dashboards import district_figures
from qualitymonth.figures.selectors_terms import term_page
from qualitymonth.organizations.models import Unit, User

pytestmark = pytest.mark.usefixtures("demo")


def personal_values() -> set[str]:
    """Every name, phone, ID number and e-mail address of a person the demo holds."""
    values = set()
    for row in Registration.objects.values("name", "phone", "email"):
        values |= set(row.values())
    for row in Submission.objects.values("name", "phone", "email", "id_number"):
        values |= set(row.values())
    values |= set(Speaker.objects.values_list("name", flat=True))
    for user in User.objects.all():
        values |= {user.email, user.get_full_name(), user.last_name + user.first_name}
    return {value for value in values if value and len(value) >= 2}


def test_the_demo_download_holds_no_personal_data():
    export = OpenDataExport.objects.get()
    with zipfile.ZipFile(export.file.open("rb")) as archive:
        texts = {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}
    texts["api.json"] = json.dumps(export.data, ensure_ascii=False)
    assert "events.csv" in texts and export.data["events"]
    values = personal_values()
    assert len(values) > 50
    for name, text in texts.items():
        found = sorted(value for value in values if value in text)
        assert not found, f"personal data in {name}: {found[:5]}"


def test_the_fifth_council_term_sums_its_years_and_compares_with_the_fourth(client):
    page = client.get(reverse("figures:term", args=[5])).content.decode()
    assert "第五届理事会（2015–2020）" in page
    assert "手工录入，来源：上海市质量协会第五届理事会工作报告（示例）.pdf" in page
    rows = {row.figure.key: row for row in term_page(5, public=True)["rows"]}
    assert rows["events.held"].value == 55 + 58 + 63 + 67 + 70 + 48
    assert rows["events.held"].previous == 38 + 41 + 45 + 47 + 52
    assert rows["members.participation_rate"].value == Decimal("93.5")  # computed, seed 004


def test_a_past_year_shows_its_figure_with_the_report_it_comes_from(client):
    page = client.get(reverse("figures:year", args=[2018])).content.decode()
    assert "来源：上海市质量协会第五届理事会工作报告（示例）.pdf" in page
    assert "发布并冻结" in page


def test_huangpus_dashboard_shows_its_share_of_the_demos_figures(client):
    """The demo computed the current year as the worker does: Huangpu's bureau sees Huangpu's
    numbers, each the registry's breakdown for Huangpu, with no recompute asked for."""
    year = timezone.localdate().year
    huangpu = Unit.objects.get(key="huangpu")
    client.force_login(User.objects.get(username="huangpu-admin"))
    page = client.get(reverse("figures:district_dashboard", args=[huangpu.pk])).content.decode()
    shown = re.findall(r'<tr id="([\w.]+)">.*?class="figure-value">([\d.]+)<', page, re.S)
    expected = {
        f.key: Decimal(str(by_district(f)(year).get("huangpu", 0))) for f in district_figures()
    }
    assert {key: Decimal(value) for key, value in shown} == expected
    assert any(expected.values()), "the demo holds Huangpu's records of the year"
    for key in ("members.units", "training.trainee_times", "surveys.sites_visited"):
        assert key in expected, f"{key} is broken down by district"


def test_the_city_dashboard_opens_on_the_current_years_numbers(client):
    year = timezone.localdate().year
    stored = {
        v.key: v.value for v in FigureValue.objects.filter(year=year, dimension="", frozen=False)
    }
    assert stored.get("enquiries.received"), "the demo load computed the current year"
    client.force_login(User.objects.get(username="secretariat"))
    page = client.get(reverse("figures:city_dashboard")).content.decode()
    assert "尚未计算" not in page
    shown = dict(re.findall(r'<tr id="([\w.]+)">.*?class="figure-value">([\d.]+)<', page, re.S))
    assert {key: Decimal(shown[key]) for key in stored} == stored
