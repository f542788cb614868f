"""The secretariat and a unit administrator editing the same unit: the later save from a page
opened before the earlier save is refused, naming what changed; the earlier save survives."""

from django.urls import reverse
from django.utils import translation

from qualitymonth.core.models import AuditEntry
from qualitymonth.core.tests.form_pages import form_data
from qualitymonth.organizations.models import Unit


def _label(name) -> str:
    with translation.override("zh-hans"):
        label = str(Unit._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def test_a_stale_unit_edit_is_refused_and_the_first_change_survives(
    client, secretariat, bureau_admin, huangpu_bureau
):
    url = reverse("organizations:unit_edit", args=[huangpu_bureau.pk])
    client.force_login(secretariat)
    secretariat_tab = form_data(client.get(url))
    client.force_login(bureau_admin)
    admin_tab = form_data(client.get(url))

    client.force_login(secretariat)
    saved = client.post(url, {**secretariat_tab, "contact_person": "王主任"})
    assert saved.status_code == 302
    client.force_login(bureau_admin)
    response = client.post(url, {**admin_tab, "address": "黄浦区九江路1号"})
    page = response.content.decode()
    assert "不是你打开时的内容" in page
    assert f"{_label('contact_person')}：王主任" in page
    huangpu_bureau.refresh_from_db()
    assert (huangpu_bureau.contact_person, huangpu_bureau.address) == ("王主任", "")
    assert AuditEntry.objects.filter(action="unit.update").count() == 1


def test_a_unit_edit_opened_after_the_save_goes_through(client, secretariat, huangpu_bureau):
    url = reverse("organizations:unit_edit", args=[huangpu_bureau.pk])
    client.force_login(secretariat)
    client.post(url, {**form_data(client.get(url)), "contact_person": "王主任"})
    client.post(url, {**form_data(client.get(url)), "address": "黄浦区九江路1号"})
    huangpu_bureau.refresh_from_db()
    assert (huangpu_bureau.contact_person, huangpu_bureau.address) == ("王主任", "黄浦区九江路1号")
