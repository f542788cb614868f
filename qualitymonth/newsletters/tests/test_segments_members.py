"""Segments from the members' records (status, type, industry, took part in a year or did
not) pick exactly the people a hand count says, for newsletters and member-only access."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import make_person, make_unit
from qualitymonth.members.models import MemberProfile, MembershipType, StatusRules
from qualitymonth.members.selectors import shanghai_today
from qualitymonth.members.services.participation import compute
from qualitymonth.members.services.terms import add_term
from qualitymonth.members.services.visits import create_visit
from qualitymonth.newsletters import selectors
from qualitymonth.newsletters.models import Category, Newsletter, Subscription
from qualitymonth.newsletters.segments import people_in
from qualitymonth.organizations.models import Membership, Position, Role

pytestmark = pytest.mark.django_db

YEAR = 2024


def member(association, name, *, type_, industry, ends_on, username):
    unit = make_unit(name=name)
    membership = Membership.objects.create(association=association, unit=unit)
    add_term(
        actor=None,
        membership=membership,
        type=type_,
        starts_on=datetime.date(YEAR, 1, 1),
        ends_on=ends_on,
    )
    MemberProfile.objects.create(unit=unit, industry=industry)
    person = make_person(username, unit=unit, role=Role.REPORTER)
    return unit, person


@pytest.fixture
def club(association, secretariat):
    """Three members and an enterprise that is none; in 2024 the association visited the
    car maker and the dairy, not the bus maker.

    | unit   | type    | industry | status  | took part in 2024 |
    | car    | member  | 汽车制造 | current | yes               |
    | bus    | council | 汽车制造 | current | no                |
    | dairy  | member  | 食品     | grace   | yes               |
    | outsider: no membership                                     |
    """
    plain = MembershipType.objects.create(
        key="member", name="会员单位", dues_per_year=Decimal(2000)
    )
    council = MembershipType.objects.create(
        key="council", name="理事单位", dues_per_year=Decimal(10000)
    )
    today = shanghai_today()
    later = today + datetime.timedelta(days=200)
    car, car_man = member(
        association, "示例汽车", type_=plain, industry="汽车制造", ends_on=later, username="car"
    )
    _bus, bus_man = member(
        association, "示例客车", type_=council, industry="汽车制造", ends_on=later, username="bus"
    )
    dairy, dairy_man = member(
        association,
        "示例乳业",
        type_=plain,
        industry="食品",
        ends_on=today - datetime.timedelta(days=10),  # in the 90 days' grace
        username="dairy",
    )
    outsider = make_unit(name="非会员企业")
    outsider_man = make_person("outsider", unit=outsider, role=Role.REPORTER)
    # The bus maker's reporter also reports for the outsider: still one person.
    Position.objects.create(user=bus_man, unit=outsider, role=Role.REPORTER)
    create_visit(
        actor=secretariat,
        kind="round_table",
        day=datetime.date(YEAR, 6, 1),
        title="2024年会员座谈会",
        units=[car, dairy],
    )
    compute(year=YEAR)
    return {"car": car_man, "bus": bus_man, "dairy": dairy_man, "outsider": outsider_man}


def names(segment) -> set[str]:
    return set(people_in(segment).values_list("username", flat=True))


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ({"industry": ["汽车制造"]}, {"car", "bus"}),
        ({"industry": ["食品", "汽车制造"]}, {"car", "bus", "dairy"}),
        ({"took_part": [YEAR]}, {"car", "dairy"}),
        ({"did_not_take_part": [YEAR]}, {"bus"}),
        ({"industry": ["汽车制造"], "took_part": [YEAR]}, {"car"}),
        ({"member_status": ["grace"]}, {"dairy"}),
        ({"member_status": ["current", "new"]}, {"car", "bus"}),
        ({"member_type": ["council"]}, {"bus"}),
        ({"took_part": [YEAR - 1]}, set()),  # no figures for that year: nobody
        ({"took_part": ["not a year"]}, set()),
    ],
)
def test_member_segments_match_the_hand_count(club, segment, expected):
    assert names(segment) == expected


def test_the_latest_figures_of_a_year_decide(club, association, secretariat):
    bus = Membership.objects.get(unit__name="示例客车").unit
    create_visit(
        actor=secretariat,
        kind="visit",
        day=datetime.date(YEAR, 11, 5),
        title="走访示例客车",
        units=[bus],
    )
    assert names({"did_not_take_part": [YEAR]}) == {"bus"}  # until the year is computed again

    compute(year=YEAR)

    assert names({"did_not_take_part": [YEAR]}) == set()
    assert names({"took_part": [YEAR]}) == {"car", "bus", "dairy"}


def test_a_newsletter_to_an_industry_reaches_its_subscribers_only(club):
    news = Category.objects.create(key="news", name="协会动态")
    for username in ("car", "bus"):
        club[username].email = f"{username}@example.com"
        club[username].save()
    Subscription.objects.create(user=club["car"], category=news)
    letter = Newsletter.objects.create(
        category=news, subject="汽车行业质量动态", segment={"industry": ["汽车制造"]}
    )

    assert list(selectors.recipients(letter).values_list("username", flat=True)) == ["car"]


@pytest.mark.parametrize(
    ("segment", "admitted"),
    [
        ({"industry": ["汽车制造"]}, {"car", "bus"}),
        ({"took_part": [YEAR]}, {"car", "dairy"}),
        ({"did_not_take_part": [YEAR]}, {"bus"}),
        ({}, {"car", "bus", "dairy"}),
    ],
)
def test_member_only_access_by_segment(club, segment, admitted):
    allowed = {
        name for name, person in club.items() if person.has_perm("members.in_segment", segment)
    }

    assert allowed == admitted


def test_a_member_in_grace_loses_segment_access_when_the_rules_say_so(club):
    StatusRules.objects.update(rights_in_grace=False)

    assert not club["dairy"].has_perm("members.in_segment", {"took_part": [YEAR]})
    assert club["car"].has_perm("members.in_segment", {"took_part": [YEAR]})


def test_the_newsletter_form_offers_the_member_segments_and_keeps_them(client, club, secretariat):
    news = Category.objects.create(key="news", name="协会动态")
    client.force_login(secretariat)

    page = client.get(reverse("newsletters:new")).content.decode()
    assert 'value="汽车制造"' in page and f'value="{YEAR}"' in page

    client.post(
        reverse("newsletters:new"),
        {
            "category": news.pk,
            "subject": "汽车行业质量动态",
            "introduction": "",
            "segment_industry": ["汽车制造"],
            "segment_took_part": [str(YEAR)],
        },
    )

    letter = Newsletter.objects.get(subject="汽车行业质量动态")
    assert letter.segment["industry"] == ["汽车制造"]
    assert letter.segment["took_part"] == [YEAR]
    assert names(letter.segment) == {"car"}
