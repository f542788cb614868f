"""Two members of the secretariat editing the same event in the admin: the later save from a
page opened before the earlier save is refused, naming what changed; the earlier save survives."""

import lxml.html
from django.urls import reverse

from qualitymonth.core.models import AuditEntry
from qualitymonth.core.tests.form_pages import form_data
from qualitymonth.events.models import Event


def _form_values(page: str) -> dict:
    form = next(f for f in lxml.html.fromstring(page).forms if f.get("id") == "event_form")
    return {**dict(form.form_values()), "_save": "Save"}


def test_a_stale_event_edit_in_the_admin_is_refused_and_the_first_title_survives(
    client, lecture, secretariat
):
    client.force_login(secretariat)
    url = reverse("admin:events_event_change", args=[lecture.pk])
    tab_a = _form_values(client.get(url).content.decode())
    tab_b = _form_values(client.get(url).content.decode())
    assert tab_a["version"] == tab_b["version"] != ""
    assert client.post(url, {**tab_a, "title": "质量讲堂（改期）"}).status_code == 302

    response = client.post(url, {**tab_b, "description": "另一个标签页写的介绍"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "不是你打开时的内容" in page
    assert "质量讲堂（改期）" in page
    lecture.refresh_from_db()
    assert lecture.title == "质量讲堂（改期）"
    assert "另一个标签页" not in lecture.description
    assert AuditEntry.objects.filter(action="event.update").count() == 1


def test_an_event_page_opened_after_the_save_saves_normally(client, lecture, secretariat):
    client.force_login(secretariat)
    url = reverse("admin:events_event_change", args=[lecture.pk])
    client.post(url, {**_form_values(client.get(url).content.decode()), "title": "新标题"})
    values = _form_values(client.get(url).content.decode())
    assert client.post(url, {**values, "description": "新介绍"}).status_code == 302
    assert Event.objects.filter(title="新标题", description="新介绍").exists()


def test_a_stale_online_viewers_figure_is_refused_and_the_first_figure_survives(
    client, lecture, secretariat
):
    client.force_login(secretariat)
    manage = reverse("events:manage", args=[lecture.pk])
    url = reverse("events:viewers", args=[lecture.pk])
    tab_a = form_data(client.get(manage), "viewers-form")
    tab_b = form_data(client.get(manage), "viewers-form")
    client.post(url, {**tab_a, "online_viewers": "500"})
    response = client.post(url, {**tab_b, "online_viewers": "300"}, follow=True)
    page = response.content.decode()
    assert "不是你打开时的内容" in page and "：500" in page
    lecture.refresh_from_db()
    assert lecture.online_viewers == 500
    assert AuditEntry.objects.filter(action="event.online_viewers").count() == 1
