from django.urls import reverse

from qualitymonth.core.models import AuditEntry


def edit_url(unit):
    return reverse("organizations:unit_edit", args=[unit.pk])


def test_anonymous_visitors_do_not_see_contact_details(client, huangpu_bureau):
    html = client.get(reverse("organizations:unit_detail", args=[huangpu_bureau.pk])).content
    assert "021-12345678" not in html.decode()


def test_people_of_the_unit_see_its_contact_details(client, bureau_admin, huangpu_bureau):
    client.force_login(bureau_admin)
    html = client.get(reverse("organizations:unit_detail", args=[huangpu_bureau.pk])).content
    assert "021-12345678" in html.decode()


def test_it_hides_another_units_contacts_from_a_unit_admin(
    client, enterprise_admin, huangpu_bureau
):
    client.force_login(enterprise_admin)
    html = client.get(reverse("organizations:unit_detail", args=[huangpu_bureau.pk])).content
    assert "021-12345678" not in html.decode()


def test_a_unit_admin_edits_their_own_unit_and_the_change_is_audited(
    client, bureau_admin, huangpu_bureau
):
    client.force_login(bureau_admin)
    form = client.get(edit_url(huangpu_bureau)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(phone="021-63210000", name_zh_hant="", website="")
    response = client.post(edit_url(huangpu_bureau), data)
    assert response.status_code == 302
    huangpu_bureau.refresh_from_db()
    assert huangpu_bureau.phone == "021-63210000"
    entry = AuditEntry.objects.get(action="unit.update")
    assert entry.actor == bureau_admin
    assert entry.changes["phone"] == ["021-12345678", "021-63210000"]


def test_it_answers_404_when_a_unit_admin_opens_another_units_edit_page(
    client, enterprise_admin, huangpu_bureau
):
    client.force_login(enterprise_admin)
    assert client.get(edit_url(huangpu_bureau)).status_code == 404
    response = client.post(edit_url(huangpu_bureau), {"name": "被篡改的名称"})
    assert response.status_code == 404
    huangpu_bureau.refresh_from_db()
    assert huangpu_bureau.name == "上海市黄浦区市场监督管理局"


def test_a_reporter_cannot_edit_their_own_unit(client, enterprise_reporter, enterprise):
    client.force_login(enterprise_reporter)
    page = client.get(edit_url(enterprise))
    assert page.status_code == 404
    assert "此处没有内容，或您无权查看。" in page.content.decode()
    client.post(edit_url(enterprise), {"name": "被篡改的名称"})
    enterprise.refresh_from_db()
    assert enterprise.name == "上汽通用汽车有限公司"


def test_a_unit_admin_cannot_move_their_unit_elsewhere(client, bureau_admin, huangpu_bureau):
    client.force_login(bureau_admin)
    form = client.get(edit_url(huangpu_bureau)).context["form"]
    assert form.fields["parent"].disabled
    assert form.fields["kind"].disabled


def test_a_district_admin_may_edit_units_below_their_unit(client, huangpu, huangpu_bureau):
    from conftest import make_person
    from qualitymonth.organizations.models import Role

    district_admin = make_person("district-admin", unit=huangpu, role=Role.UNIT_ADMIN)
    client.force_login(district_admin)
    form = client.get(edit_url(huangpu_bureau)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(phone="021-63219999", name_zh_hant="", website="")
    assert client.post(edit_url(huangpu_bureau), data).status_code == 302
    huangpu_bureau.refresh_from_db()
    assert huangpu_bureau.phone == "021-63219999"


def test_only_the_secretariat_may_add_units(client, bureau_admin, secretariat):
    client.force_login(bureau_admin)
    refused = client.get(reverse("organizations:unit_create"))
    assert refused.status_code == 403
    assert "无权操作" in refused.content.decode()
    client.force_login(secretariat)
    page = client.get(reverse("organizations:unit_create")).content.decode()
    assert "<h1>添加单位</h1>" in page


def test_signed_out_visitors_are_sent_to_sign_in_before_adding(client, db):
    response = client.get(reverse("organizations:unit_create"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_admin_is_open_to_the_secretariat_only(client, secretariat, bureau_admin):
    client.force_login(bureau_admin)
    assert client.get("/admin/").status_code == 302
    client.force_login(secretariat)
    response = client.get("/admin/organizations/unit/")
    assert response.status_code == 200
    assert "上海市质量协会" in response.content.decode()
