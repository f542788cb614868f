import datetime

import pytest
from django.urls import reverse

from conftest import make_unit
from qualitymonth.organizations.models import Membership, MembershipLevel, UnitKind


@pytest.fixture
def directory(association, huangpu, huangpu_bureau, enterprise):
    make_unit(kind=UnitKind.DISTRICT, key="baoshan", name="宝山区", name_en="Baoshan District")
    Membership.objects.create(
        association=association, unit=enterprise, level=MembershipLevel.COUNCIL
    )


def names_listed(client, **params):
    response = client.get(reverse("organizations:unit_list"), params)
    return [unit.name for unit in response.context["page"].object_list]


@pytest.mark.parametrize(
    "query",
    ["黄浦", "黃浦", "huangpu", "Huang Pu", "hpq", "Huangpu District"],
    ids=["simplified", "traditional", "pinyin", "spaced-pinyin", "initials", "english"],
)
def test_it_finds_a_district_by_any_of_its_names(client, directory, query):
    assert "黄浦区" in names_listed(client, q=query)
    assert "宝山区" not in names_listed(client, q=query)


def test_it_filters_by_kind(client, directory):
    assert sorted(names_listed(client, kind="district")) == ["宝山区", "黄浦区"]


def test_it_filters_council_units(client, directory):
    assert names_listed(client, level="council") == ["上汽通用汽车有限公司"]


def test_it_lists_units_in_pinyin_order(client, directory):
    listed = names_listed(client, kind="district")
    assert listed == ["宝山区", "黄浦区"]  # bao… before huang…, not by code point


def test_the_page_says_how_many_units_match(client, directory):
    response = client.get(reverse("organizations:unit_list"), {"q": "区"})
    assert "找到 3 家单位" in response.content.decode()


def test_an_htmx_search_returns_only_the_results(client, directory):
    response = client.get(
        reverse("organizations:unit_list"), {"q": "baoshan"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "宝山区" in html
    assert "<html" not in html


def test_the_unit_page_shows_the_name_in_the_chosen_language(client, directory, huangpu):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("organizations:unit_detail", args=[huangpu.pk])).content.decode()
    assert "<h1>Huangpu District</h1>" in html


def test_traditional_chinese_readers_see_converted_names(client, directory, huangpu):
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    huangpu.name_zh_hant = "黃浦區"
    huangpu.save()
    html = client.get(reverse("organizations:unit_detail", args=[huangpu.pk])).content.decode()
    assert "<h1>黃浦區</h1>" in html


def test_an_unknown_unit_answers_404(client, db):
    response = client.get(reverse("organizations:unit_detail", args=[999999]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "shown"),
    [("zh-hans", "2019年9月1日入会"), ("zh-hant", "2019年9月1日入會"), ("en", "since 1 Sep 2019")],
)
def test_a_unit_page_writes_the_date_it_joined_in_the_readers_style(
    client, association, enterprise, language, shown
):
    Membership.objects.create(
        association=association, unit=enterprise, joined_on=datetime.date(2019, 9, 1)
    )
    client.cookies["qm_language"] = language
    page = client.get(reverse("organizations:unit_detail", args=[enterprise.pk])).content.decode()
    assert shown in page
