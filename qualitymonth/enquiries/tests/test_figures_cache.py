"""The figures kept in the cache (core/cache.py): the secretariat and a bureau's staff never
get each other's figures, and a new case counts at once."""

import pytest

from conftest import Client
from qualitymonth.core.tests import sign_in_support
from qualitymonth.enquiries.tests import test_figures as figures_tests

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db


def total(client) -> str:
    page = client.get(figures_tests.URL, {"year": 2026}).content.decode()
    return page.split('<strong data-testid="total">')[1].split("<")[0]


def test_each_scope_keeps_its_own_figures_and_a_new_case_counts_at_once(
    each_cache, settings, secretariat, huangpu_staff, routing, districts, categories
):
    settings.PAGE_CACHE_SECONDS = 300
    city, bureau = Client(), Client()
    city.force_login(secretariat)
    bureau.force_login(huangpu_staff)
    at, complaint = figures_tests.at, figures_tests.complaint
    complaint(categories, districts["huangpu"], at(3, 2))
    complaint(categories, districts["xuhui"], at(5, 6))

    for _ in range(2):  # the second time from the cache
        assert total(city) == "2"
        assert total(bureau) == "1"

    complaint(categories, districts["huangpu"], at(6, 1))
    assert total(bureau) == "2"
    assert total(city) == "3"


def test_the_period_form_shows_the_period_asked_for_even_from_the_cache(
    each_cache, settings, secretariat, routing, districts, categories
):
    settings.PAGE_CACHE_SECONDS = 300
    client = Client()
    client.force_login(secretariat)

    for first, last in [(1, 12), (3, 5), (3, 5), (1, 12)]:
        page = client.get(figures_tests.URL, {"year": 2026, "from": last, "to": first})
        html = page.content.decode()
        # The months come back in order, selected in the form and carried by the XLSX link.
        assert f'<option value="{first}" selected>' in html.split('name="from"')[1]
        assert f'<option value="{last}" selected>' in html.split('name="to"')[1]
        assert f"figures.xlsx?year=2026&amp;from={first}&amp;to={last}" in html
