"""What a registration and a check-in ask of the database: the seat decision in as few
statements as its lock allows, and no write a scanner's every call would repeat."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qualitymonth.core.models import ApiToken
from qualitymonth.events.models import Registration
from qualitymonth.events.tests.conftest import sign_up
from qualitymonth.organizations.tests.test_unit_api import bearer, post_json

TRANSACTION = {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT"}


def statements(context) -> list[str]:
    """The SQL sent, without transaction control (SQLite and PostgreSQL log it differently)."""
    return [
        query["sql"]
        for query in context.captured_queries
        if not any(query["sql"].startswith(word) for word in TRANSACTION)
    ]


def test_a_registration_reads_the_venue_once_and_decides_in_as_few_statements_as_it_can(
    client, lecture
):
    sign_up(lecture, 1)  # content types are cached by the first
    with CaptureQueriesContext(connection) as context:
        response = post_json(
            client,
            f"/api/events/{lecture.pk}/registrations",
            {"name": "李明", "phone": "13812345678"},
        )
    assert response.json()["status"] == "confirmed"
    assert response.json()["venue"] == "长宁区大会堂"
    sent = statements(context)
    assert sum("events_question" in sql for sql in sent) == 1
    if connection.vendor == "postgresql":
        # Sent together: the lock, and one statement that finds the venue on an event that
        # still admits anyone, counts the seats and inserts the registration and its audit.
        assert len(sent) == 2, sent
        assert "FOR UPDATE" in sent[0]
        assert all(
            table in sent[1] for table in ("events_venue", "events_registration", "core_auditentry")
        )
    else:
        # The venue with its event, the lock, the count, the registration, its audit record.
        assert "events_venue" in sent[0] and "FOR UPDATE" not in sent[0]
        assert len(sent) == 5, sent
        assert sum("events_venue" in sql for sql in sent) == 2  # the read, and the count


def test_a_registration_the_one_statement_refuses_is_decided_again_and_told_why(client, lecture):
    # Registered already: the one statement writes nothing; the usual way names the reason.
    first = post_json(
        client, f"/api/events/{lecture.pk}/registrations", {"name": "李明", "phone": "13812345678"}
    )
    client.cookies["qm_language"] = "en"
    with CaptureQueriesContext(connection) as context:
        again = post_json(
            client,
            f"/api/events/{lecture.pk}/registrations",
            {"name": "李明", "phone": "138 1234 5678"},
        )
    assert first.status_code == 201 and again.status_code == 422
    assert "already registered" in again.content.decode()
    assert Registration.objects.filter(event=lecture).count() == 1
    if connection.vendor == "postgresql":
        assert sum("events_venue" in sql for sql in statements(context)) >= 2


def test_an_event_with_questions_has_them_checked_through_the_api(client, lecture):
    size = lecture.questions.create(label="企业规模", kind="text", required=True)
    url = f"/api/events/{lecture.pk}/registrations"
    missing = post_json(client, url, {"name": "李明", "phone": "13812345678"})
    assert missing.status_code == 422
    answered = post_json(
        client, url, {"name": "李明", "phone": "13812345678", "answers": {f"q{size.pk}": "50人"}}
    )
    assert answered.json()["status"] == "confirmed"
    assert Registration.objects.get().answers == {f"q{size.pk}": "50人"}


def test_the_web_form_registers_with_the_questions_it_read(client, lecture):
    size = lecture.questions.create(label="企业规模", kind="text", required=True)
    response = client.post(
        lecture.get_absolute_url(),
        {"name": "李明", "phone": "13812345678", f"q{size.pk}": "50人"},
        follow=True,
    )
    registration = Registration.objects.get()
    assert registration.answers == {f"q{size.pk}": "50人"}
    assert response.redirect_chain[-1][0].endswith(f"/events/tickets/{registration.ticket_code}/")


def test_a_scan_is_one_locked_read_one_update_and_no_token_write(
    client, run_by_enterprise, enterprise_reporter
):
    first, second = sign_up(run_by_enterprise, 1), sign_up(run_by_enterprise, 2)
    url = f"/api/events/{run_by_enterprise.pk}/check-ins"
    headers = bearer(enterprise_reporter)
    post_json(client, url, {"code": first.ticket_code}, **headers)
    used = ApiToken.objects.get().last_used_at
    with CaptureQueriesContext(connection) as context:
        response = post_json(client, url, {"code": second.ticket_code}, **headers)
    assert response.json()["name"] == second.name
    sent = statements(context)
    assert not any("core_apitoken" in sql and sql.startswith("UPDATE") for sql in sent), sent
    if connection.vendor == "postgresql":
        # One statement admits the ticket, writes its audit record and returns it.
        tickets = [sql for sql in sent if "events_registration" in sql]
        assert len(tickets) == 1 and "core_auditentry" in tickets[0], sent
    else:
        assert sum('FROM "events_registration"' in sql for sql in sent) == 1, sent
    assert ApiToken.objects.get().last_used_at == used


def test_a_ticket_typed_in_another_case_is_still_checked_in(
    client, run_by_enterprise, enterprise_reporter
):
    ticket = sign_up(run_by_enterprise, 1, name="王芳")
    url = f"/api/events/{run_by_enterprise.pk}/check-ins"
    response = post_json(
        client, url, {"code": ticket.ticket_code.swapcase()}, **bearer(enterprise_reporter)
    )
    assert response.json()["name"] == "王芳"
    ticket.refresh_from_db()
    assert ticket.checked_in_at is not None


def test_a_token_last_used_over_a_minute_ago_is_written_again(client, bureau_admin):
    headers = bearer(bureau_admin)
    client.get("/api/me", headers=headers)
    stale = timezone.now() - datetime.timedelta(minutes=2)
    ApiToken.objects.update(last_used_at=stale)
    client.get("/api/me", headers=headers)
    assert ApiToken.objects.get().last_used_at > stale
