"""Figures of citizens' cases: counted from hand-made cases, for the city or a unit's staff."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from qualitymonth.enquiries.selectors_figures import Period, figures
from qualitymonth.enquiries.services.handling import change_status, rate
from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.statuses import Kind, Reason, Status
from qualitymonth.enquiries.tests.conftest import COMPLAINT
from tests.answers import assert_not_allowed, assert_sent_to_sign_in

pytestmark = pytest.mark.django_db

URL = "/enquiries/figures/"


def at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, month, day, hour))


def complaint(categories, district, when, product="眼镜"):
    data = dict(COMPLAINT, district=district, product=product, sector="health")
    return file_submission(
        kinds=[Kind.COMPLAINT], category=categories["glasses"], data=data, channel="web", now=when
    )[0]


def question(categories, when):
    return file_submission(
        kinds=[Kind.CONSULTATION],
        category=categories["standards"],
        data={"phone": "13812345678", "facts": "电动自行车执行哪项国家标准？"},
        channel="web",
        now=when,
    )[0]


def cells(page: str, testid: str) -> list[str]:
    """The texts of a table row the page marks with `data-testid`."""
    found = re.search(rf'<tr data-testid="{re.escape(testid)}">(.*?)</tr>', page, re.S)
    assert found, f"no row {testid}"
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", found[1])
    ]


def table(data: dict, key: str):
    return next(t for t in data["tables"] if t.key == key)


def rows(data: dict, key: str) -> dict:
    return dict(table(data, key).lines)


@pytest.fixture
def cases(routing, districts, categories):
    """Two complaints in Huangpu in March, one in Xuhui in May, a question in May."""
    return {
        "hp1": complaint(categories, districts["huangpu"], at(3, 2)),
        "hp2": complaint(categories, districts["huangpu"], at(3, 2, 11), product="太阳镜"),
        "xh": complaint(categories, districts["xuhui"], at(5, 6)),
        "q": question(categories, at(5, 7)),
    }


def test_cases_are_counted_by_district_category_and_month(client, secretariat, cases):
    client.force_login(secretariat)
    page = client.get(URL, {"year": 2026}).content.decode()
    assert cells(page, "districts-huangpu")[1:] == ["2"]
    assert cells(page, "districts-xuhui")[1:] == ["1"]
    assert cells(page, "districts-none")[1:] == ["1"]  # the question gave no district
    # consultation, complaint, report, total
    assert cells(page, "categories-eyeglasses")[1:] == ["0", "3", "0", "3"]
    assert cells(page, "categories-standards")[1:] == ["1", "0", "0", "1"]
    assert cells(page, "months-2026-03")[1:] == ["0", "2", "0", "2"]
    assert cells(page, "months-2026-05")[1:] == ["1", "1", "0", "2"]
    assert cells(page, "months-2026-04")[1:] == ["0", "0", "0", "0"]
    assert cells(page, "tracks-complaint")[1:] == ["3"]
    assert cells(page, "statuses-complaint-received")[2:] == ["3"]
    assert cells(page, "sectors-health")[1:] == ["3"]
    assert cells(page, "products-1") == ["眼镜", "2"]
    assert '<strong data-testid="total">4</strong>' in page


def test_a_run_of_months_counts_only_the_cases_received_in_it(client, secretariat, cases):
    client.force_login(secretariat)
    page = client.get(URL, {"year": 2026, "from": 4, "to": 5}).content.decode()
    assert '<strong data-testid="total">2</strong>' in page
    assert cells(page, "districts-huangpu")[1:] == ["0"]
    assert 'data-testid="months-2026-03"' not in page
    assert client.get(URL, {"year": 2025}).context["data"]["total"] == 0


def test_on_time_rate_per_step_is_the_share_of_stopped_clocks_stopped_by_their_due_date(
    secretariat, cases
):
    # Received Mon 2 Mar: seven working days run to Wed 11 Mar.
    change_status(case=cases["hp1"], to=Status.ACCEPTED, actor=secretariat, now=at(3, 5))
    change_status(case=cases["hp2"], to=Status.ACCEPTED, actor=secretariat, now=at(3, 11))
    late = cases["xh"]  # received Wed 6 May: due Thu 14 May
    change_status(
        case=late, to=Status.NOT_ACCEPTED, reason=Reason.TOO_LATE, actor=secretariat, now=at(5, 20)
    )
    data = figures(secretariat, Period(2026), today=datetime.date(2026, 6, 1))
    steps = rows(data, "on_time_steps")
    # step, stopped, on time, rate, running, running past due
    assert steps["accept"][1:] == [3, 2, 66.7, 0, 0]
    # Mediation runs 60 days from each acceptance: both past their due date on 1 June.
    assert steps["mediate"][1:] == [0, 0, None, 2, 2]
    assert steps["answer"][1:] == [0, 0, None, 1, 1]  # the question, due 15 May, unanswered
    units = rows(data, "on_time_units")
    assert units["huangpu-amr"][1:4] == [2, 2, 100.0]
    assert units["xuhui-amr"][1:4] == [1, 0, 0.0]
    assert data["on_time"] == 66.7


def test_satisfaction_is_the_mean_and_spread_of_ratings_on_closed_cases(
    secretariat, routing, categories
):
    question(categories, at(5, 7))  # still open: neither closed nor rated
    answered = []
    for day in (8, 9, 10):
        case = question(categories, at(5, day))
        answered.append(
            change_status(
                case=case, to=Status.ANSWERED, text="见GB 17761。", actor=secretariat, now=at(5, 12)
            )
        )
    rate(case=answered[0], rating=5)
    rate(case=answered[1], rating=4)
    data = figures(secretariat, Period(2026))
    assert data["satisfaction"] == {"closed": 3, "rated": 2, "mean": 4.5, "share_rated": 66.7}
    spread = rows(data, "ratings")
    assert spread["5"] == [5, 1, 50.0]
    assert spread["4"] == [4, 1, 50.0]
    assert spread["1"] == [1, 0, 0.0]
    overview = rows(data, "satisfaction")
    assert overview["mean"][1] == 4.5


def test_a_units_staff_see_only_the_figures_of_their_cases(client, huangpu_staff, cases):
    client.force_login(huangpu_staff)
    response = client.get(URL, {"year": 2026})
    page = response.content.decode()
    assert '<strong data-testid="total">2</strong>' in page
    assert cells(page, "districts-huangpu")[1:] == ["2"]
    assert cells(page, "districts-xuhui")[1:] == ["0"]
    assert 'data-testid="categories-standards"' not in page
    assert [unit.key for unit in response.context["scope"]] == ["huangpu-amr"]


def test_the_xlsx_holds_one_sheet_per_table_with_the_same_numbers(client, secretariat, cases):
    change_status(case=cases["hp1"], to=Status.ACCEPTED, actor=secretariat, now=at(3, 5))
    client.force_login(secretariat)
    data = client.get(URL, {"year": 2026}).context["data"]
    response = client.get("/enquiries/figures.xlsx", {"year": 2026})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('enquiry-figures-2026-01-12.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == len(data["tables"]) + 1  # and the sheet saying what it is
    for sheet, shown in zip(book.worksheets[1:], data["tables"], strict=True):
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == [str(h) for h in shown.header]
        assert rows[1:] == shown.rows
    districts = book.worksheets[1 + [t.key for t in data["tables"]].index("districts")]
    assert ["黄浦区", 2] in [list(row) for row in districts.iter_rows(values_only=True)]


def test_citizens_are_refused_and_strangers_sent_to_sign_in(client, citizen):
    assert_sent_to_sign_in(client.get(URL))
    assert_sent_to_sign_in(client.get("/enquiries/figures.xlsx"))
    client.force_login(citizen)
    assert_not_allowed(client.get(URL))
    assert_not_allowed(client.get("/enquiries/figures.xlsx"))


def test_the_page_opens_on_the_current_year_and_offers_the_years_with_cases(
    client, secretariat, cases
):
    client.force_login(secretariat)
    response = client.get(URL)
    assert response.context["period"] == Period(timezone.localdate().year)
    assert 2026 in response.context["years"]
    page = response.content.decode()
    assert 'id="figures-data"' in page
    assert 'data-geojson="/campaigns/districts.geojson"' in page


def test_no_personal_data_appears_in_the_figures(client, secretariat, cases):
    client.force_login(secretariat)
    page = client.get(URL, {"year": 2026}).content.decode()
    for personal in (COMPLAINT["name"], COMPLAINT["phone"], COMPLAINT["address"], "某某眼镜店"):
        assert personal not in page
