from django.urls import reverse

from conftest import valid_credit_code
from qualitymonth.core.models import AuditEntry
from qualitymonth.organizations.models import Unit


def post_unit(client, **fields):
    data = {"kind": "enterprise", "key": "new-co", "name": "上海新质量科技有限公司", **fields}
    return client.post(reverse("organizations:unit_create"), data)


def test_the_secretariat_adds_a_unit_and_the_creation_is_audited(client, secretariat):
    client.force_login(secretariat)
    response = post_unit(client, credit_code=valid_credit_code("91310000MA1FL0000").lower())
    unit = Unit.objects.get(key="new-co")
    assert response.url == reverse("organizations:unit_detail", args=[unit.pk])
    assert unit.credit_code == valid_credit_code("91310000MA1FL0000")  # stored in capitals
    assert unit.name_zh_hant == "上海新質量科技有限公司"
    assert AuditEntry.objects.get(action="unit.create").actor == secretariat


def test_a_bad_credit_code_is_shown_beside_its_field_and_nothing_is_saved(client, secretariat):
    client.force_login(secretariat)
    response = post_unit(client, credit_code="91350100M000100Y44")
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"] == [
        "校验码（第 18 位）不符，请核对代码。"
    ]
    assert not Unit.objects.filter(key="new-co").exists()


def test_a_duplicate_name_is_refused_whatever_its_case(client, secretariat):
    client.force_login(secretariat)
    post_unit(client, key="first", name="Quality Lab")
    response = post_unit(client, key="second", name="QUALITY LAB")
    assert "已存在同名单位。" in response.content.decode()
    assert Unit.objects.filter(name__iexact="quality lab").count() == 1


def test_a_unit_cannot_be_placed_below_itself(client, secretariat, huangpu, huangpu_bureau):
    client.force_login(secretariat)
    url = reverse("organizations:unit_edit", args=[huangpu.pk])
    response = client.post(
        url, {"kind": "district", "key": "huangpu", "name": "黄浦区", "parent": huangpu_bureau.pk}
    )
    assert response.context["form"].errors["parent"] == ["单位不能隶属于其自身或其下级单位。"]
    huangpu.refresh_from_db()
    assert huangpu.parent is None
