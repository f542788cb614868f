"""The secretariat edits events in the admin; calendars must hear of a moved event."""

import datetime

import lxml.html
from django.urls import reverse
from django.utils import timezone

from qualitymonth.events.models import Event


def _form_values(page: str) -> dict:
    form = next(f for f in lxml.html.fromstring(page).forms if f.get("id") == "event_form")
    return dict(form.form_values())


def test_moving_an_event_in_the_admin_raises_its_calendar_sequence(client, lecture, secretariat):
    client.force_login(secretariat)
    url = reverse("admin:events_event_change", args=[lecture.pk])
    client.post(url, _form_values(client.get(url).content.decode()))  # records the schedule
    before = Event.objects.get(pk=lecture.pk).sequence
    values = _form_values(client.get(url).content.decode())
    hour = datetime.timedelta(hours=1)
    for field in ("starts_at", "ends_at"):
        moved_to = timezone.localtime(getattr(lecture, field)) + hour
        values[f"{field}_0"] = moved_to.strftime("%Y-%m-%d")
        values[f"{field}_1"] = moved_to.strftime("%H:%M:%S")
    values["_save"] = "Save"
    reply = client.post(url, values)
    assert reply.status_code == 302, reply.content.decode()[:2000]
    moved = Event.objects.get(pk=lecture.pk)
    assert moved.starts_at == (lecture.starts_at + hour).replace(microsecond=0)
    assert moved.sequence == before + 1
