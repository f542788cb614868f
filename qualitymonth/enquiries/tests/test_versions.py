"""Two members of the secretariat with the routing table open, or two handlers with the same
case open: the later change from a page opened before the earlier one is refused, naming what
changed as it stands now."""

import pytest
from django.urls import reverse

from conftest import make_person, make_unit
from qualitymonth.core.models import AuditEntry
from qualitymonth.core.tests.form_pages import form_data
from qualitymonth.enquiries.models import RoutingRule
from qualitymonth.enquiries.tests.desk_helpers import file_case
from qualitymonth.organizations.models import Role, UnitKind

pytestmark = pytest.mark.django_db


def test_a_stale_routing_change_is_refused_and_the_first_change_survives(
    client, secretariat, routing, categories, districts
):
    centre = make_unit(kind=UnitKind.GOVERNMENT, key="xuhui-12315", name="徐汇区12315分中心")
    station = make_unit(kind=UnitKind.GOVERNMENT, key="xuhui-station", name="徐汇区市场监管所")
    glasses, xuhui = categories["glasses"], districts["xuhui"]
    url = reverse("enquiries:routing")
    client.force_login(secretariat)
    cell = {"category": glasses.pk, "district": xuhui.pk}
    first = form_data(client.get(url, cell), "routing-form")
    second = form_data(client.get(url, cell), "routing-form")
    assert client.post(url, {**first, "unit": centre.pk, "action": "set"}).status_code == 302

    response = client.post(url, {**second, "unit": station.pk, "action": "set"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "不是你打开时的内容" in page
    assert "徐汇区12315分中心" in page
    assert RoutingRule.objects.get(category=glasses, district=xuhui).unit == centre
    assert AuditEntry.objects.filter(action__startswith="enquiries.route.").count() == 1


def test_a_stale_page_cannot_clear_a_rule_set_after_it_was_opened(
    client, secretariat, routing, categories, association
):
    glasses = categories["glasses"]
    url = reverse("enquiries:routing")
    client.force_login(secretariat)
    cell = {"category": glasses.pk, "district": ""}
    first = form_data(client.get(url, cell), "routing-form")
    second = form_data(client.get(url, cell), "routing-form")
    client.post(url, {**first, "unit": association.pk, "action": "set"})
    response = client.post(url, {**second, "action": "clear"})
    assert "不是你打开时的内容" in response.content.decode()
    assert RoutingRule.objects.get(category=glasses, district=None).unit == association


def test_a_change_of_another_cell_does_not_block_this_one(
    client, secretariat, routing, categories, districts, association
):
    glasses, standards, xuhui = categories["glasses"], categories["standards"], districts["xuhui"]
    url = reverse("enquiries:routing")
    client.force_login(secretariat)
    first = form_data(client.get(url), "routing-form")
    second = form_data(client.get(url), "routing-form")
    client.post(
        url,
        {**first, "category": standards.pk, "district": xuhui.pk, "unit": association.pk},
    )
    response = client.post(
        url,
        {**second, "category": glasses.pk, "district": xuhui.pk, "unit": association.pk},
    )
    assert response.status_code == 302
    assert RoutingRule.objects.get(category=glasses, district=xuhui).unit == association


def test_a_stale_transfer_is_refused_naming_the_status_another_handler_set(
    client, huangpu_staff, bureaus, routing, categories, districts
):
    case = file_case(categories["glasses"], districts["huangpu"])
    colleague = make_person("hp-colleague", unit=bureaus["huangpu"], role=Role.CASE_HANDLER)
    page = reverse("enquiries:desk_case", args=[case.number])
    client.force_login(huangpu_staff)
    mine = form_data(client.get(page), "transfer-form")
    client.force_login(colleague)
    theirs = form_data(client.get(page), "status-form")
    status_url = reverse("enquiries:desk_status", args=[case.number])
    assert client.post(status_url, {**theirs, "status-status": "accepted"}).status_code == 302

    client.force_login(huangpu_staff)
    response = client.post(
        reverse("enquiries:desk_transfer", args=[case.number]),
        {**mine, "transfer-unit": bureaus["xuhui"].name, "transfer-text": "商家在徐汇。"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "不是你打开时的内容" in html and "：已受理" in html
    case.refresh_from_db()
    assert (case.status, case.unit) == ("accepted", bureaus["huangpu"])
    assert not case.events.filter(kind="transfer").exists()
