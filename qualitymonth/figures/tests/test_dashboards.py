"""The city's and the districts' dashboards: the registry's figures, this year beside the
last, each district's number the registry's breakdown for it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.campaigns import services as campaign_services
from qualitymonth.campaigns.models import ActivityReport, ReportState
from qualitymonth.events.models import EventUnit, UnitRole
from qualitymonth.figures.breakdowns import by_district
from qualitymonth.figures.registry import get_figure
from qualitymonth.figures.services import publish_year, recompute_year
from qualitymonth.figures.tests.conftest import held_event
from qualitymonth.organizations.models import Role, UnitKind
from tests.queries import assert_flat

YEAR = timezone.localdate().year  # the dashboards show the current year


@pytest.fixture
def baoshan(db):
    return make_unit(kind=UnitKind.DISTRICT, key="baoshan", name="宝山区")


@pytest.fixture
def baoshan_reporter(baoshan):
    bureau = make_unit(
        kind=UnitKind.GOVERNMENT, key="baoshan-amr", parent=baoshan, name="宝山区市场监管局"
    )
    return make_person("baoshan-reporter", unit=bureau, role=Role.REPORTER)


def report(campaign, district, unit, *, state=ReportState.ACCEPTED) -> ActivityReport:
    return ActivityReport.objects.create(
        campaign=campaign,
        unit=unit,
        group="district",
        district=district,
        title="质量开放日",
        starts_on=datetime.date(campaign.year, 9, 10),
        ends_on=datetime.date(campaign.year, 9, 10),
        category=campaign.categories.first(),
        kind="open_day",
        state=state,
    )


@pytest.fixture
def reports(secretariat, huangpu, huangpu_bureau, baoshan):
    """This year: Huangpu 2 accepted (and 1 still submitted), Baoshan 1, one without a
    district; last year: Huangpu 1."""
    this = campaign_services.create_campaign(actor=secretariat, year=YEAR, theme="质量月")
    last = campaign_services.create_campaign(actor=secretariat, year=YEAR - 1, theme="质量月")
    report(this, huangpu, huangpu_bureau)
    report(this, huangpu, huangpu_bureau)
    report(this, huangpu, huangpu_bureau, state=ReportState.SUBMITTED)
    report(this, baoshan, huangpu_bureau)
    report(this, None, huangpu_bureau)
    report(last, huangpu, huangpu_bureau)
    recompute_year(YEAR - 1)
    recompute_year(YEAR)


def row_of(page: str, key: str) -> str:
    start = page.index(f'id="{key}"')
    return page[start : page.index("</tr>", start)]


def test_a_districts_dashboard_shows_its_number_from_the_registrys_breakdown(
    client, reports, huangpu, bureau_admin
):
    figure = get_figure("campaigns.activity_reports")
    assert by_district(figure)(YEAR) == {"huangpu": 2, "baoshan": 1}  # counted by hand
    client.force_login(bureau_admin)
    page = client.get(reverse("figures:district_dashboard", args=[huangpu.pk])).content.decode()
    assert f"黄浦区数据看板（{YEAR}年）" in page
    assert "尚未计算" not in page
    row = row_of(page, "campaigns.activity_reports")
    assert '<strong class="figure-value">2</strong>' in row
    assert f"?district={huangpu.pk}" in row  # the number opens the district's reports
    assert "1 <small" in row  # last year's, beside it
    assert "enquiries.received" in page  # another figure counted by district
    assert 'id="events.checked_in"' not in page  # not broken down by district


def test_events_count_in_the_districts_of_their_organisers(
    client, huangpu, huangpu_bureau, baoshan, enterprise
):
    def organised(*units):
        event = held_event(YEAR)
        for unit in units:
            EventUnit.objects.create(event=event, unit=unit, role=UnitRole.ORGANISER)

    located_in_baoshan = make_unit(key="baoshan-shop", name="宝山商店", district=baoshan)
    organised(huangpu_bureau)  # a bureau under the district
    organised(huangpu, huangpu_bureau)  # twice in Huangpu: counted once
    organised(located_in_baoshan)
    organised(enterprise)  # no district: the city's only
    held_event(YEAR, published=False)
    figure = get_figure("events.held")
    assert by_district(figure)(YEAR) == {"huangpu": 2, "baoshan": 1}  # counted by hand
    assert figure.compute(YEAR) == 4  # the city counts the one without a district too


def test_another_districts_staff_get_not_found(client, reports, huangpu, baoshan_reporter):
    client.force_login(baoshan_reporter)
    response = client.get(reverse("figures:district_dashboard", args=[huangpu.pk]))
    assert response.status_code == 404
    assert "黄浦区" not in response.content.decode()


def test_the_city_dashboard_shows_every_figure_and_each_district(
    client, reports, secretary, huangpu, baoshan
):
    page = client.get(reverse("figures:city_dashboard")).content.decode()
    assert f"全市数据看板（{YEAR}年）" in page
    assert "尚未计算" not in page
    # The city's count includes the report without a district.
    assert '<strong class="figure-value">4</strong>' in row_of(page, "campaigns.activity_reports")
    assert 'id="events.held"' in page
    assert reverse("figures:district_dashboard", args=[huangpu.pk]) in page
    assert reverse("figures:district_dashboard", args=[baoshan.pk]) in page


def test_district_staff_are_refused_the_city_dashboard(client, reports, bureau_admin):
    client.force_login(bureau_admin)
    assert client.get(reverse("figures:city_dashboard")).status_code == 403


def test_the_year_page_links_a_person_to_their_dashboards(client, reports, huangpu, bureau_admin):
    client.force_login(bureau_admin)
    page = client.get(reverse("figures:year", args=[YEAR])).content.decode()
    assert reverse("figures:district_dashboard", args=[huangpu.pk]) in page
    assert f'href="{reverse("figures:city_dashboard")}"' not in page


def test_the_dashboards_take_the_same_queries_for_1_and_n_districts(
    client, secretary, huangpu, huangpu_bureau
):
    campaign = campaign_services.create_campaign(actor=secretary, year=YEAR, theme="质量月")
    report(campaign, huangpu, huangpu_bureau)
    recompute_year(YEAR)
    added = iter(range(100))

    def more_districts():
        for _ in range(5):
            n = next(added)
            district = make_unit(kind=UnitKind.DISTRICT, key=f"district-{n}", name=f"第{n}区")
            report(campaign, district, district)
        recompute_year(YEAR)

    assert_flat(
        client,
        reverse("figures:city_dashboard"),
        more_districts,
        shows=lambda page, n: n == "few" or "第4区" in page,
    )
    assert_flat(client, reverse("figures:district_dashboard", args=[huangpu.pk]), more_districts)


def test_a_year_not_yet_computed_says_so_on_the_dashboards(client, secretary, huangpu):
    page = client.get(reverse("figures:city_dashboard")).content.decode()
    assert f"{YEAR}年的数据尚未计算。" in page
    page = client.get(reverse("figures:district_dashboard", args=[huangpu.pk])).content.decode()
    assert f"{YEAR}年的数据尚未计算。" in page


def test_a_published_districts_number_stays_after_a_record_changes(
    client, reports, secretary, huangpu
):
    publish_year(actor=secretary, year=YEAR)
    ActivityReport.objects.filter(district=huangpu, state=ReportState.ACCEPTED).first().delete()
    recompute_year(YEAR)
    page = client.get(reverse("figures:district_dashboard", args=[huangpu.pk])).content.decode()
    assert '<strong class="figure-value">2</strong>' in row_of(page, "campaigns.activity_reports")
