import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from qualitymonth.core.models import AuditEntry
from qualitymonth.core.pdf import chinese_font_available
from qualitymonth.events import selectors, services
from qualitymonth.events.models import AttendanceCertificate, Event, Series
from qualitymonth.events.services import certificates as services_certificates
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


def attended_series():
    series = Series.objects.create(key="lecture-hall", name="质量大讲堂")
    first, second = session(series, 7, 30), session(series, 8, 10)
    registered(first, "13900000001", came=True)
    return series, registered(second, "13900000001", came=True)


def test_the_certificate_has_a_number_that_anyone_can_verify(client, db):
    if not chinese_font_available():
        pytest.skip("no Chinese font on this machine")
    _series, ticket = attended_series()
    response = client.get(reverse("events:certificate", args=[ticket.ticket_code]))
    certificate = AttendanceCertificate.objects.get()
    year = ticket.event.starts_at.year
    assert certificate.serial == f"ATT-{year}-0001"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert certificate.serial in text
    assert f"/certificates/verify/{certificate.serial}/" in text.replace("\n", "")
    page = client.get(f"/certificates/verify/{certificate.serial}/").content.decode()
    assert "有效证书" in page and "王芳" in page and "第8期质量大讲堂" in page
    assert AuditEntry.objects.filter(action="attendancecertificate.issue").count() == 1


def test_asking_again_gives_the_same_certificate(client, db):
    if not chinese_font_available():
        pytest.skip("no Chinese font on this machine")
    _series, ticket = attended_series()
    url = reverse("events:certificate", args=[ticket.ticket_code])
    client.get(url)
    client.get(url)
    assert AttendanceCertificate.objects.count() == 1


def test_attending_one_more_session_supersedes_the_certificate(db):
    series, ticket = attended_series()
    attended = list(selectors.attended_in_series(ticket))
    first = services_certificates.attendance_certificate(
        actor=None, registration=ticket, attended=attended
    )
    ticket = registered(session(series, 9, 2), "13900000001", came=True)
    second = services_certificates.attendance_certificate(
        actor=None, registration=ticket, attended=list(selectors.attended_in_series(ticket))
    )
    first.refresh_from_db()
    assert first.withdrawn_at is not None and "更多" in first.withdrawal_reason
    assert len(second.sessions) == 3 and second.serial != first.serial
    assert second.is_valid and not first.is_valid
