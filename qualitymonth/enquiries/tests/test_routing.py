"""The routing table: the secretariat sees which unit takes each category in each district, and
changes it; the admin keeps the catalogue and shows cases read-only."""

import pytest
from django.urls import reverse

from conftest import make_unit
from qualitymonth.core.models import AuditEntry
from qualitymonth.enquiries.models import RoutingRule, TimeLimit
from qualitymonth.enquiries.tests.desk_helpers import file_case
from qualitymonth.organizations.models import UnitKind
from tests.answers import assert_not_allowed

pytestmark = pytest.mark.django_db


def cells(client) -> dict:
    """{(category id or "", district id or ""): (unit id, source)} as the page shows them."""
    response = client.get(reverse("enquiries:routing"))
    assert response.status_code == 200
    found = {}
    for _category, row in response.context["grid"]["rows"]:
        for cell in row:
            key = (getattr(cell.category, "pk", ""), getattr(cell.district, "pk", ""))
            found[key] = (getattr(cell.unit, "pk", None), cell.source)
    return found


def test_the_routing_page_sets_a_rule_and_new_submissions_follow_it(
    client, secretariat, routing, categories, districts
):
    centre = make_unit(kind=UnitKind.GOVERNMENT, key="xuhui-12315", name="徐汇区12315分中心")
    client.force_login(secretariat)
    glasses, xuhui = categories["glasses"], districts["xuhui"]
    response = client.post(
        reverse("enquiries:routing"),
        {"category": glasses.pk, "district": xuhui.pk, "unit": centre.pk, "action": "set"},
    )
    assert response.status_code == 302
    assert RoutingRule.objects.get(category=glasses, district=xuhui).unit == centre
    entry = AuditEntry.objects.get(action="enquiries.route.change")
    assert entry.actor == secretariat and entry.changes["unit"][1] == centre.pk
    case = file_case(glasses, xuhui)
    assert case.unit == centre
    assert cells(client)[(glasses.pk, xuhui.pk)] == (centre.pk, "exact")


def test_the_grid_marks_fallbacks_as_route_would_choose_them(
    client, secretariat, routing, categories, districts, association
):
    client.force_login(secretariat)
    glasses, standards = categories["glasses"], categories["standards"]
    huangpu = districts["huangpu"]
    found = cells(client)
    assert found[(glasses.pk, huangpu.pk)] == (routing["huangpu"].pk, "exact")
    # 标准咨询 has one rule for any district: every district falls back to it.
    assert found[(standards.pk, huangpu.pk)] == (association.pk, "category")
    assert found[(standards.pk, "")] == (association.pk, "exact")
    # No rule for glasses in "any district": nothing matches, the association takes it.
    assert found[(glasses.pk, "")] == (association.pk, "association")
    html = client.get(reverse("enquiries:routing")).content.decode()
    assert 'data-source="category"' in html and "route-fallback" in html


def test_clearing_a_rule_lets_the_pair_fall_back_and_is_audited(
    client, secretariat, routing, categories, districts, association
):
    client.force_login(secretariat)
    glasses, huangpu = categories["glasses"], districts["huangpu"]
    district_wide = make_unit(kind=UnitKind.GOVERNMENT, key="hp-all", name="黄浦区综合窗口")
    RoutingRule.objects.create(category=None, district=huangpu, unit=district_wide)
    client.post(
        reverse("enquiries:routing"),
        {"category": glasses.pk, "district": huangpu.pk, "action": "clear"},
    )
    assert not RoutingRule.objects.filter(category=glasses, district=huangpu).exists()
    assert AuditEntry.objects.filter(action="enquiries.route.clear").count() == 1
    assert cells(client)[(glasses.pk, huangpu.pk)] == (district_wide.pk, "district")
    assert file_case(glasses, huangpu).unit == district_wide


def test_setting_a_rule_without_a_unit_is_refused_by_the_field(
    client, secretariat, routing, categories, districts
):
    client.force_login(secretariat)
    before = list(RoutingRule.objects.values_list("pk", "unit_id"))
    response = client.post(
        reverse("enquiries:routing"),
        {"category": categories["glasses"].pk, "district": "", "action": "set"},
    )
    assert response.status_code == 400
    assert 'data-testid="error-unit"' in response.content.decode()
    assert list(RoutingRule.objects.values_list("pk", "unit_id")) == before


def test_only_the_secretariat_edits_the_routing_table(client, huangpu_staff, routing):
    client.force_login(huangpu_staff)
    before = list(RoutingRule.objects.values_list("pk", "unit_id"))
    assert_not_allowed(client.get(reverse("enquiries:routing")))
    assert_not_allowed(client.post(reverse("enquiries:routing"), {"action": "clear"}))
    assert list(RoutingRule.objects.values_list("pk", "unit_id")) == before


def test_a_time_limit_is_edited_in_the_admin_with_its_source(client, secretariat):
    client.force_login(secretariat)
    limit = TimeLimit.objects.get(step="accept")
    url = reverse("admin:enquiries_timelimit_change", args=[limit.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"days": 10, "day_type": "working", "source": "新规定第十条", "note": "测试"},
    )
    assert response.status_code == 302
    limit.refresh_from_db()
    assert (limit.days, limit.source, limit.step) == (10, "新规定第十条", "accept")
    assert AuditEntry.objects.filter(action="timelimit.update").exists()


def test_cases_are_read_only_in_the_admin(client, secretariat, routing, categories, districts):
    case = file_case(categories["glasses"], districts["huangpu"])
    client.force_login(secretariat)
    assert client.get(reverse("admin:enquiries_case_changelist")).status_code == 200
    change = reverse("admin:enquiries_case_change", args=[case.pk])
    page = client.get(change).content.decode()
    assert case.number in page and 'name="status"' not in page
    assert client.post(reverse("admin:enquiries_case_delete", args=[case.pk])).status_code == 403
    for model in ("submission", "caseevent", "notice", "clock", "attachment"):
        assert client.get(reverse(f"admin:enquiries_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:enquiries_{model}_add")).status_code == 403


def test_the_catalogue_is_edited_in_the_admin(client, secretariat, routing):
    client.force_login(secretariat)
    for model in ("category", "routingrule", "timelimit", "replytemplate"):
        listing = client.get(reverse(f"admin:enquiries_{model}_changelist")).content.decode()
        assert 'id="changelist"' in listing
        form = client.get(reverse(f"admin:enquiries_{model}_add")).content.decode()
        assert f'id="{model}_form"' in form
