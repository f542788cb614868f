"""Members' figures by district: member units and the participation rate, counted by hand
on a few members and shown on the district's dashboard as the worker stores them."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from conftest import make_unit
from qualitymonth.figures.breakdowns import by_district
from qualitymonth.figures.registry import get_figure
from qualitymonth.figures.services import recompute_year
from qualitymonth.members.models import ParticipationEntry, ParticipationRun
from qualitymonth.members.tests.conftest import member_unit
from qualitymonth.organizations.models import UnitKind

YEAR = timezone.localdate().year  # the dashboards show the current year
THIS_YEAR = {"starts": datetime.date(YEAR, 1, 1), "ends": datetime.date(YEAR, 12, 31)}


def members(association, member_type, huangpu):
    """Huangpu 2 members, Baoshan 1, one located nowhere, one whose term ended last year."""
    baoshan = make_unit(kind=UnitKind.DISTRICT, key="baoshan", name="宝山区")
    units = [
        member_unit(association, member_type, district=huangpu, **THIS_YEAR),
        member_unit(association, member_type, district=huangpu, **THIS_YEAR),
        member_unit(association, member_type, district=baoshan, **THIS_YEAR),
        member_unit(association, member_type, **THIS_YEAR),
    ]
    member_unit(
        association,
        member_type,
        district=huangpu,
        starts=datetime.date(YEAR - 1, 1, 1),
        ends=datetime.date(YEAR - 1, 12, 31),
    )
    return units


def test_member_units_count_in_the_district_they_are_located_in(association, member_type, huangpu):
    members(association, member_type, huangpu)
    figure = get_figure("members.units")
    assert figure.compute(YEAR) == 4  # the one located nowhere counts for the city
    assert by_district(figure)(YEAR) == {"huangpu": 2, "baoshan": 1}


def test_the_participation_rate_of_a_district_is_among_its_own_members(
    association, member_type, huangpu
):
    units = members(association, member_type, huangpu)
    run = ParticipationRun.objects.create(year=YEAR, members=4, participants=2)
    for unit, took_part in zip(units, (True, False, True, False), strict=True):
        ParticipationEntry.objects.create(
            run=run, unit=unit, took_part=took_part, district=unit.district
        )
    figure = get_figure("members.participation_rate")
    assert figure.compute(YEAR) == 50.0
    assert by_district(figure)(YEAR) == {"huangpu": 50.0, "baoshan": 100.0}


def test_the_districts_dashboard_shows_its_member_units(
    client, association, member_type, huangpu, bureau_admin
):
    members(association, member_type, huangpu)
    recompute_year(YEAR)
    client.force_login(bureau_admin)
    page = client.get(reverse("figures:district_dashboard", args=[huangpu.pk])).content.decode()
    row = page[page.index('id="members.units"') :]
    assert re.match(r'.*?class="figure-value">2<', row, re.S)
