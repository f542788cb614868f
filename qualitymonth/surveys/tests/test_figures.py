"""The evaluations' figures by district: counted by hand and shown on the district's
dashboard as the worker stores them."""

import re

from django.urls import reverse
from django.utils import timezone

from qualitymonth.figures.breakdowns import by_district
from qualitymonth.figures.registry import get_figure
from qualitymonth.figures.services import recompute_year

YEAR = timezone.localdate().year  # the dashboards show the current year


def shown(page: str) -> dict[str, str]:
    return dict(re.findall(r'<tr id="([\w.]+)">.*?class="figure-value">([\d.]+)<', page, re.S))


def test_responses_and_sites_count_in_the_district_of_the_site(answered, districts):
    """S1 and S2 (twice) lie in 甲区, S3 in 乙区; one response set aside does not count."""
    answered.year = YEAR
    answered.save(update_fields=["year"])
    aside = answered.responses.filter(site__code="S1").get()
    aside.voided_at = timezone.now()
    aside.save(update_fields=["voided_at"])
    responses, sites = get_figure("surveys.responses"), get_figure("surveys.sites_visited")
    assert responses.compute(YEAR) == 3 and sites.compute(YEAR) == 2
    assert by_district(responses)(YEAR) == {"district-x": 2, "district-y": 1}
    assert by_district(sites)(YEAR) == {"district-x": 1, "district-y": 1}
    assert responses.compute(YEAR - 1) == 0


def test_the_districts_dashboard_shows_its_survey_figures(client, answered, districts, secretariat):
    answered.year = YEAR
    answered.save(update_fields=["year"])
    recompute_year(YEAR)
    client.force_login(secretariat)
    url = reverse("figures:district_dashboard", args=[districts["x"].pk])
    numbers = shown(client.get(url).content.decode())
    assert numbers["surveys.responses"] == "3"
    assert numbers["surveys.sites_visited"] == "2"
    numbers = shown(client.get(reverse("figures:city_dashboard")).content.decode())
    assert numbers["surveys.responses"] == "4"
