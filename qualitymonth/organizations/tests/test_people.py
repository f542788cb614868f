from django.urls import reverse


def test_a_person_of_another_unit_answers_404(client, enterprise_admin, bureau_admin):
    client.force_login(enterprise_admin)
    response = client.get(reverse("organizations:person_detail", args=[bureau_admin.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "此处没有内容，或您无权查看。" in page
    assert bureau_admin.username not in page


def test_colleagues_see_each_other(client, enterprise_admin, enterprise_reporter):
    client.force_login(enterprise_reporter)
    response = client.get(reverse("organizations:person_detail", args=[enterprise_admin.pk]))
    assert response.status_code == 200
    assert "单位管理员" in response.content.decode()


def test_the_people_list_shows_only_the_viewers_units(
    client, enterprise_admin, enterprise_reporter, bureau_admin
):
    client.force_login(enterprise_admin)
    people = client.get(reverse("organizations:people_list")).context["page"].object_list
    assert {p.username for p in people} == {"sgm-admin", "sgm-reporter"}


def test_the_secretariat_sees_everyone(client, secretariat, bureau_admin, citizen):
    client.force_login(secretariat)
    people = client.get(reverse("organizations:people_list")).context["page"].object_list
    assert {p.username for p in people} == {"secretariat", "huangpu-admin", "citizen"}


def test_a_citizen_sees_only_themself(client, citizen, bureau_admin):
    client.force_login(citizen)
    people = client.get(reverse("organizations:people_list")).context["page"].object_list
    assert [p.username for p in people] == ["citizen"]


def test_the_unit_page_lists_its_people_to_its_members(client, bureau_admin, huangpu_bureau):
    client.force_login(bureau_admin)
    html = client.get(reverse("organizations:unit_detail", args=[huangpu_bureau.pk])).content
    assert "huangpu-admin" in html.decode()


def test_the_unit_page_hides_its_people_from_outsiders(
    client, citizen, bureau_admin, huangpu_bureau
):
    client.force_login(citizen)
    html = client.get(reverse("organizations:unit_detail", args=[huangpu_bureau.pk])).content
    assert "huangpu-admin" not in html.decode()
