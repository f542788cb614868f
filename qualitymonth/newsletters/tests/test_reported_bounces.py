"""Bounces the mail server reports itself: delivery status notifications (RFC 3464) written
into a real Maildir are read, tied to their delivery by the mark each mail carries, and a
permanent failure counts as a bounce the way a pasted list does."""

import mailbox

import pytest
from django.core import mail
from django.core.management import call_command

from conftest import make_person
from qualitymonth.core.models import AuditEntry
from qualitymonth.newsletters import bounces, services
from qualitymonth.newsletters.models import Category, Delivery, Newsletter, Subscription
from tests.frontdoor.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(db, settings):
    """A newsletter sent to two subscribers, with a bounce address for VERP."""
    settings.NEWSLETTER_BOUNCE_ADDRESS = "bounces@qualitymonth.example"
    news = Category.objects.create(key="news", name="协会动态")
    for name in ("wang", "li"):
        user = make_person(name)
        user.email = f"{name}@example.com"
        user.save()
        Subscription.objects.create(user=user, category=news)
    letter = Newsletter.objects.create(category=news, subject="协会动态第12期")
    letter.posts.add(make_post("关于开展2026年质量月活动的通知"))
    services.queue(actor=None, newsletter=letter)
    services.send_all(letter.pk)
    return letter


@pytest.fixture
def maildir(tmp_path):
    return mailbox.Maildir(tmp_path / "bounces", create=True)


def _mail_to(address):
    return next(m for m in mail.outbox if m.to == [address])


def dsn(*, to, recipient, status, action, returned_headers="", diagnostic="") -> bytes:
    """A delivery status notification as Postfix writes one."""
    diagnostic = diagnostic or f"smtp; 550 {status} <{recipient}>: Recipient address rejected"
    return f"""Return-Path: <>
Delivered-To: {to}
From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
To: {to}
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="B0UND"

--B0UND
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--B0UND
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
X-Postfix-Queue-ID: 4F2A81C0E2
Arrival-Date: Thu,  3 Dec 2026 10:00:00 +0800 (CST)

Final-Recipient: rfc822; {recipient}
Original-Recipient: rfc822;{recipient}
Action: {action}
Status: {status}
Remote-MTA: dns; mx.example.com
Diagnostic-Code: {diagnostic}

--B0UND
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: qualitymonth@localhost
To: {recipient}
Subject: =?utf-8?b?5Y2P5Lya5Yqo5oCB56ysMTLmnJ8=?=
{returned_headers}
--B0UND--
""".replace("\n", "\r\n").encode()


def _envelope(address) -> str:
    return _mail_to(address).from_email


def test_each_mail_goes_out_with_its_own_return_address_and_mark(sent):
    wang = _mail_to("wang@example.com")

    assert wang.from_email.startswith("bounces+n") and wang.from_email != _envelope(
        "li@example.com"
    )
    assert wang.message()["From"] == "qualitymonth@localhost"
    assert bounces.read_mark(wang.extra_headers[bounces.NEWSLETTER_HEADER])


def test_a_permanent_failure_reported_to_the_return_address_counts_as_a_bounce(sent, maildir):
    maildir.add(
        dsn(
            to=_envelope("wang@example.com"),
            recipient="wang@example.com",
            status="5.1.1",
            action="failed",
        )
    )

    counts = services.read_bounce_mailbox(str(maildir._path))

    assert counts["bounced"] == 1
    wang = Delivery.objects.get(email="wang@example.com")
    assert wang.bounced_at is not None and wang.bounce_reason.startswith("5.1.1 550 5.1.1")
    assert not Delivery.objects.get(email="li@example.com").bounced_at
    assert AuditEntry.objects.filter(action="newsletter.bounces").count() == 1


def test_the_mails_own_header_returned_in_the_report_ties_it_without_verp(sent, maildir):
    header = (
        f"{bounces.NEWSLETTER_HEADER}: "
        + _mail_to("li@example.com").extra_headers[bounces.NEWSLETTER_HEADER]
    )
    # Forwarded on the way: the server reports another address than the one we wrote to.
    maildir.add(
        dsn(
            to="qualitymonth@localhost",
            recipient="li.forwarded@elsewhere.example",
            status="5.2.1",
            action="failed",
            returned_headers=header,
        )
    )

    services.read_bounce_mailbox(str(maildir._path))

    assert list(Delivery.objects.filter(bounced_at__isnull=False).values_list("email", flat=True))
    assert Delivery.objects.get(email="li@example.com").bounced_at is not None


def test_a_temporary_failure_does_not_count_as_a_bounce(sent, maildir):
    maildir.add(
        dsn(
            to=_envelope("wang@example.com"),
            recipient="wang@example.com",
            status="4.2.2",
            action="delayed",
            diagnostic="smtp; 452 4.2.2 Mailbox full, try again later",
        )
    )

    counts = services.read_bounce_mailbox(str(maildir._path))

    assert (counts["reports"], counts["temporary"], counts["bounced"]) == (1, 1, 0)
    assert not Delivery.objects.filter(bounced_at__isnull=False).exists()


def test_a_message_that_is_not_a_report_is_left_alone(sent, maildir):
    maildir.add(
        b"From: wang@example.com\r\nTo: bounces@qualitymonth.example\r\n"
        b"Subject: Re: 5.1.1 failed\r\n\r\nPlease take me off: wang@example.com 5.1.1\r\n"
    )

    counts = services.read_bounce_mailbox(str(maildir._path))

    assert (counts["messages"], counts["reports"]) == (1, 0)
    assert not Delivery.objects.filter(bounced_at__isnull=False).exists()


def test_a_report_about_an_address_no_newsletter_went_to_is_ignored(sent, maildir):
    maildir.add(
        dsn(
            to="bounces@qualitymonth.example",
            recipient="stranger@example.com",
            status="5.1.1",
            action="failed",
        )
    )

    counts = services.read_bounce_mailbox(str(maildir._path))

    assert (counts["unknown"], counts["bounced"]) == (1, 0)
    assert not Delivery.objects.filter(bounced_at__isnull=False).exists()


def test_a_forged_mark_ties_nothing(sent, maildir):
    forged = _envelope("wang@example.com")[:-25] + "0" * 16 + "@qualitymonth.example"
    maildir.add(dsn(to=forged, recipient="nobody@example.com", status="5.1.1", action="failed"))

    services.read_bounce_mailbox(str(maildir._path))

    assert not Delivery.objects.filter(bounced_at__isnull=False).exists()


def test_a_report_read_once_is_not_read_again(sent, maildir):
    maildir.add(
        dsn(
            to=_envelope("wang@example.com"),
            recipient="wang@example.com",
            status="5.1.1",
            action="failed",
        )
    )
    services.read_bounce_mailbox(str(maildir._path))

    again = services.read_bounce_mailbox(str(maildir._path))

    assert again["messages"] == 0
    assert len(maildir) == 1  # kept, marked seen


def test_the_next_newsletter_skips_the_bounced_address(sent, maildir):
    maildir.add(
        dsn(
            to=_envelope("wang@example.com"),
            recipient="wang@example.com",
            status="5.1.1",
            action="failed",
        )
    )
    services.read_bounce_mailbox(str(maildir._path))
    mail.outbox.clear()
    letter = Newsletter.objects.create(category=sent.category, subject="协会动态第13期")

    services.queue(actor=None, newsletter=letter)
    services.send_all(letter.pk)

    assert [m.to for m in mail.outbox] == [["li@example.com"]]


def test_the_command_reads_an_mbox_file_named_on_the_line(sent, tmp_path, capsys):
    box = mailbox.mbox(tmp_path / "bounces.mbox")
    box.add(
        dsn(
            to=_envelope("li@example.com"),
            recipient="li@example.com",
            status="5.1.1",
            action="failed",
        )
    )
    box.close()

    call_command("read_bounces", "--now", "--mailbox", str(tmp_path / "bounces.mbox"))

    assert Delivery.objects.get(email="li@example.com").bounced_at is not None
    assert "'bounced': 1" in capsys.readouterr().out
