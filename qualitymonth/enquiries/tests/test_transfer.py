"""Handing a case over: only units that handle cases are offered, sorted, searchable by name;
any other unit is refused by the field."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_person, make_unit
from qualitymonth.enquiries.models import RoutingRule
from qualitymonth.enquiries.services.handling import transfer
from qualitymonth.enquiries.tests.desk_helpers import file_case
from qualitymonth.organizations.models import Role, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def huangpu_case(routing, categories, districts):
    return file_case(categories["glasses"], districts["huangpu"])


@pytest.fixture
def others(db):
    """A bureau nobody works at yet but the routing table names, a body with a case handler,
    a body with only a campaign reporter, and an association that handles no cases."""
    routed = make_unit(kind=UnitKind.GOVERNMENT, key="pd-amr", name="浦东新区市场监督管理局")
    RoutingRule.objects.create(category=None, district=None, unit=routed)
    staffed = make_unit(kind=UnitKind.GOVERNMENT, key="cqb", name="安全质量办公室")
    make_person("cqb-staff", unit=staffed, role=Role.CASE_HANDLER)
    reporting = make_unit(kind=UnitKind.GOVERNMENT, key="tjj", name="统计局")
    make_person("tjj-reporter", unit=reporting, role=Role.REPORTER)  # reports, handles no case
    qipao = make_unit(kind=UnitKind.OTHER, key="qipao", name="上海市旗袍协会")
    enterprise = make_unit(kind=UnitKind.ENTERPRISE, key="sgm", name="上汽通用")
    make_person("sgm-reporter", unit=enterprise, role=Role.REPORTER)
    return {"routed": routed, "staffed": staffed, "qipao": qipao, "enterprise": enterprise}


def offered(client, case) -> list[str]:
    html = client.get(reverse("enquiries:desk_case", args=[case.number]))
    return [unit.name for unit in html.context["transfer_form"].units]


def test_the_hand_over_offers_only_units_that_handle_cases_sorted_by_kind_and_pinyin(
    client, huangpu_staff, huangpu_case, others, association
):
    client.force_login(huangpu_staff)
    assert offered(client, huangpu_case) == [
        "上海市质量协会",  # the association first
        "安全质量办公室",  # then public bodies, by pinyin: an-, pu-, xu-
        "浦东新区市场监督管理局",
        "徐汇区市场监督管理局",
    ]
    html = client.get(reverse("enquiries:desk_case", args=[huangpu_case.number])).content.decode()
    assert 'list="transfer-units"' in html
    assert '<option value="徐汇区市场监督管理局"' in html and "旗袍" not in html


def test_the_hand_over_list_is_in_the_readers_language(
    client, huangpu_staff, huangpu_case, others, association
):
    others["routed"].name_en = "Pudong New Area Market Regulation"
    others["routed"].save()
    client.force_login(huangpu_staff)
    client.cookies["qm_language"] = "en"
    html = client.get(reverse("enquiries:desk_case", args=[huangpu_case.number])).content.decode()
    assert '<option value="Pudong New Area Market Regulation"' in html


def test_a_unit_picked_by_its_name_receives_the_case(client, huangpu_staff, huangpu_case, others):
    client.force_login(huangpu_staff)
    client.post(
        reverse("enquiries:desk_transfer", args=[huangpu_case.number]),
        {"transfer-unit": "浦东新区市场监督管理局", "transfer-text": "商家在浦东。"},
    )
    huangpu_case.refresh_from_db()
    assert huangpu_case.unit == others["routed"]


@pytest.mark.parametrize("target", ["qipao", "enterprise"])
def test_a_unit_that_handles_no_cases_is_refused_by_the_field(
    client, huangpu_staff, huangpu_case, others, bureaus, target
):
    client.force_login(huangpu_staff)
    for value in (others[target].pk, others[target].name):
        response = client.post(
            reverse("enquiries:desk_transfer", args=[huangpu_case.number]),
            {"transfer-unit": value, "transfer-text": "试试看。"},
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert 'data-testid="error-unit"' in html and "请选择办理案件的单位" in html
    huangpu_case.refresh_from_db()
    assert huangpu_case.unit == bureaus["huangpu"]


def test_the_service_refuses_a_unit_that_handles_no_cases(huangpu_case, others, huangpu_staff):
    with pytest.raises(ValidationError) as refused:
        transfer(case=huangpu_case, to_unit=others["qipao"], actor=huangpu_staff, text="试试看。")
    assert "unit" in refused.value.message_dict
    huangpu_case.refresh_from_db()
    assert huangpu_case.events.filter(kind="transfer").count() == 0
