import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from qualitymonth.core.pdf import chinese_font_available
from qualitymonth.events import services
from qualitymonth.events.models import Event, Series
from qualitymonth.events.tests.conftest import sign_up


def session(series, number, days_ago):
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    event = Event.objects.create(
        kind="lecture",
        series=series,
        number_in_series=number,
        title=f"第{number}期质量大讲堂",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    event.venues.create(name="讲堂")
    return event


def registered(event, phone, *, came: bool):
    # Registration and check-in close once a session is over: reopen it meanwhile.
    ends_at = event.ends_at
    Event.objects.filter(pk=event.pk).update(ends_at=timezone.now() + datetime.timedelta(hours=1))
    event.refresh_from_db()
    ticket = sign_up(event, 1, name="王芳", phone=phone)
    if came:
        services.check_in(actor=None, event=event, ticket_code=ticket.ticket_code)
    Event.objects.filter(pk=event.pk).update(ends_at=ends_at)
    return ticket


def test_the_certificate_lists_every_session_of_the_series_the_person_attended(client, db):
    if not chinese_font_available():
        pytest.skip("no Chinese font on this machine")
    series = Series.objects.create(key="lecture-hall", name="质量大讲堂")
    first, second, missed = session(series, 7, 30), session(series, 8, 10), session(series, 9, 5)
    registered(first, "13900000001", came=True)
    ticket = registered(second, "13900000001", came=True)
    registered(missed, "13900000001", came=False)
    response = client.get(reverse("events:certificate", args=[ticket.ticket_code]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "王芳" in text and "第7期质量大讲堂" in text and "第8期质量大讲堂" in text
    assert "第9期" not in text


def test_no_certificate_before_attending(client, lecture):
    ticket = sign_up(lecture, 1)
    response = client.get(reverse("events:certificate", args=[ticket.ticket_code]), follow=True)
    assert "证明" in response.content.decode() or "certificate" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("events:ticket", args=[ticket.ticket_code])
