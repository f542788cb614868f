"""Council-term pages: every figure over the term's years, against hand counts."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qualitymonth.figures.models import FigureValue
from qualitymonth.figures.selectors_terms import term_page, term_years
from qualitymonth.figures.services import recompute_year
from qualitymonth.figures.tests.conftest import held_event
from qualitymonth.members.models import CouncilTerm


def make_terms():
    fifth = CouncilTerm.objects.create(
        number=5,
        name="第五届理事会",
        starts_on=datetime.date(2010, 6, 1),
        ends_on=datetime.date(2015, 5, 31),
    )
    sixth = CouncilTerm.objects.create(
        number=6,
        name="第六届理事会",
        starts_on=datetime.date(2015, 6, 1),
        ends_on=datetime.date(2020, 5, 31),
    )
    return fifth, sixth


def test_a_year_counts_in_the_term_that_holds_most_of_its_days(db):
    fifth, sixth = make_terms()
    years = term_years([fifth, sixth])
    assert years == {5: [2010, 2011, 2012, 2013, 2014], 6: [2015, 2016, 2017, 2018, 2019, 2020]}


def test_a_count_is_summed_over_the_term_and_compared_with_the_previous(db):
    make_terms()
    for year, events in {2013: 1, 2014: 2, 2015: 2, 2018: 1, 2020: 3, 2021: 5}.items():
        for _n in range(events):
            held_event(year)
    for year in range(2010, 2022):
        recompute_year(year)
    rows = {row.figure.key: row for row in term_page(6, public=True)["rows"]}
    held = rows["events.held"]
    assert held.value == 6  # 2015, 2018, 2020; not 2013, 2014 nor 2021
    assert held.previous == 3
    assert held.change_percent == Decimal("100.0")


def test_a_rate_is_averaged_over_the_years_that_have_it(db):
    make_terms()
    now = timezone.now()
    for year, rate in {2015: "90", 2016: "80"}.items():
        FigureValue.objects.create(
            key="enquiries.on_time_rate",
            year=year,
            value=Decimal(rate),
            version=1,
            fingerprint="x",
            computed_at=now,
        )
    rows = {row.figure.key: row for row in term_page(6, public=True)["rows"]}
    rate = rows["enquiries.on_time_rate"]
    assert rate.value == Decimal("85.0")
    assert rate.missing == [2017, 2018, 2019, 2020]


def test_the_term_page_shows_its_name_years_and_totals(client, db):
    make_terms()
    held_event(2016)
    held_event(2019)
    recompute_year(2016)
    recompute_year(2019)
    page = client.get(reverse("figures:term", args=[6])).content.decode()
    assert "第六届理事会（2015–2020）" in page
    assert '<strong class="figure-value">2</strong>' in page
    assert "2015、2017、2018、2020无数据" in page
    listing = client.get(reverse("figures:terms")).content.decode()
    assert "第五届理事会（2010–2014）" in listing


def test_a_term_without_data_says_so(client, db):
    make_terms()
    page = client.get(reverse("figures:term", args=[5])).content.decode()
    assert "本届各年度尚未计算数据。" in page


def test_the_terms_list_and_a_term_page_take_the_same_queries_for_1_and_n_terms(client, db):
    make_terms()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("figures:terms"))
        client.get(reverse("figures:term", args=[6]))
    for number in range(7, 12):
        CouncilTerm.objects.create(
            number=number,
            name=f"第{number}届理事会",
            starts_on=datetime.date(2010 + 5 * number, 6, 1),
            ends_on=datetime.date(2015 + 5 * number, 5, 31),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("figures:terms"))
        client.get(reverse("figures:term", args=[6]))
    assert len(many.captured_queries) == len(one.captured_queries)
