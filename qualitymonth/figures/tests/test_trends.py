"""Trends over the years as charts, numbers that open their records, and the same number on
every page that shows it."""

import csv
import io
import json
import re
import zipfile

from django.urls import reverse

from qualitymonth.figures.registry import all_figures
from qualitymonth.figures.services import publish_year, recompute_year
from qualitymonth.figures.services_open_data import build_open_data
from qualitymonth.figures.tests.conftest import held_event


def chart_data(page: str) -> list[dict]:
    found = re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', page)
    return json.loads(found[1])


def shown_value(page: str, key: str) -> str:
    item = re.search(rf'<li id="{re.escape(key)}">(.*?)</li>', page, re.S)[1]
    return re.search(r'<strong class="figure-value">([^<]+)</strong>', item)[1]


def test_the_year_page_charts_each_figure_over_the_years_without_inline_script(client, db):
    for year, events in {2023: 1, 2024: 3, 2025: 2}.items():
        for _n in range(events):
            held_event(year)
        recompute_year(year)
    page = client.get(reverse("figures:year", args=[2025])).content.decode()
    held = next(c for c in chart_data(page) if c["id"] == "trend-events.held")
    assert (held["years"], held["values"]) == (["2023", "2024", "2025"], [1.0, 3.0, 2.0])
    assert '<div class="trend-chart" id="trend-events.held"' in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert "figures/trends.js" in page


def test_a_number_opens_the_list_of_the_records_it_counts(client, db):
    held_event(2025)
    recompute_year(2025)
    page = client.get(reverse("figures:year", args=[2025])).content.decode()
    link = re.search(r'<a href="([^"]+)"[^>]*><strong class="figure-value">1</strong>', page)[1]
    assert link == "/events/?year=2025&amp;when=all"
    records = client.get(link.replace("&amp;", "&")).content.decode()
    assert "2025年质量大讲堂" in records


def test_every_figure_is_the_same_on_the_year_page_the_term_page_and_in_the_open_data(
    client, secretariat
):
    from qualitymonth.figures.tests.test_terms import make_terms

    make_terms()
    held_event(2016)
    held_event(2016)
    recompute_year(2016)
    publish_year(actor=secretariat, year=2016)
    year_page = client.get(reverse("figures:year", args=[2016])).content.decode()
    term_page = client.get(reverse("figures:term", args=[6])).content.decode()
    with zipfile.ZipFile(build_open_data().file.open("rb")) as archive:
        published = archive.read("figures.csv").decode("utf-8-sig")
    in_open_data = {row["key"]: row["value"] for row in csv.DictReader(io.StringIO(published))}
    checked = 0
    for figure in all_figures():
        if figure.key not in in_open_data:
            continue  # hand-entered, nobody entered it
        value = in_open_data[figure.key]
        assert shown_value(year_page, figure.key) == value, figure.key
        # 2016 is the only year of the term with values: the term's total is that year's.
        assert shown_value(term_page, figure.key) == value, figure.key
        checked += 1
    assert checked == len([f for f in all_figures() if not f.hand_entered])
    assert in_open_data["events.held"] == "2"
