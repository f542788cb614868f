"""Citizen-service fixtures: two districts, their market-regulation bureaus, a routing table."""

import pytest

from conftest import make_person, make_unit
from qualitymonth.enquiries.limits import ensure_default_limits
from qualitymonth.enquiries.models import Category, RoutingRule
from qualitymonth.enquiries.statuses import Kind
from qualitymonth.organizations.models import Role, UnitKind

COMPLAINT = {
    "name": "王小明",
    "phone": "13812345678",
    "email": "wang@example.org",
    "address": "上海市黄浦区人民路1号",
    "business_name": "某某眼镜店",
    "business_address": "上海市黄浦区南京东路100号",
    "facts": "配的眼镜度数与验光单不符。",
    "request": "退款并重新验光。",
}


@pytest.fixture(autouse=True)
def time_limits(db):
    """The limits the migration writes; a transactional test elsewhere may have flushed them."""
    ensure_default_limits()


@pytest.fixture
def districts(db):
    return {
        "huangpu": make_unit(kind=UnitKind.DISTRICT, key="huangpu", name="黄浦区"),
        "xuhui": make_unit(kind=UnitKind.DISTRICT, key="xuhui", name="徐汇区"),
    }


@pytest.fixture
def bureaus(districts):
    return {
        key: make_unit(
            kind=UnitKind.GOVERNMENT, key=f"{key}-amr", name=f"{d.name}市场监督管理局", parent=d
        )
        for key, d in districts.items()
    }


@pytest.fixture
def categories(db):
    return {
        "glasses": Category.objects.create(
            code="eyeglasses",
            name="眼镜质量",
            kinds=[Kind.CONSULTATION, Kind.COMPLAINT, Kind.REPORT],
            position=1,
        ),
        "standards": Category.objects.create(
            code="standards", name="标准咨询", kinds=[Kind.CONSULTATION], position=2
        ),
    }


@pytest.fixture
def routing(categories, districts, bureaus, association):
    for key in districts:
        RoutingRule.objects.create(
            category=categories["glasses"], district=districts[key], unit=bureaus[key]
        )
    RoutingRule.objects.create(category=categories["standards"], district=None, unit=association)
    return bureaus


@pytest.fixture
def huangpu_staff(bureaus):
    return make_person("hp-staff", unit=bureaus["huangpu"], role=Role.CASE_HANDLER)


@pytest.fixture
def xuhui_staff(bureaus):
    return make_person("xh-staff", unit=bureaus["xuhui"], role=Role.CASE_HANDLER)
