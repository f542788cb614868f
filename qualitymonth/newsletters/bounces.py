"""Bounces the mail server reports itself: delivery status notifications (RFC 3464) read from
a mailbox, each tied to the delivery it is about.

A newsletter mail carries its delivery's mark twice: in a header (NEWSLETTER_HEADER, which
most servers return in the report) and, when NEWSLETTER_BOUNCE_ADDRESS is set, in the
envelope sender (VERP: bounces+<mark>@example.org, so the report comes back addressed to it).
The mark is signed: a report cannot be forged into bouncing someone else. A report with no
mark is tied to the last mail sent to its Final-Recipient address, if any.

The mailbox (NEWSLETTER_BOUNCE_MAILBOX) is a Maildir folder or an mbox file on this machine,
or imap[s]://user:password@host[:port]/folder or pop3[s]://user:password@host[:port].
Messages read are marked seen (Maildir, mbox, IMAP) or deleted (POP3, which has no marks),
so the next round reads only new ones; reading one twice changes nothing.
"""

import email
import imaplib
import mailbox
import poplib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser, HeaderParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

NEWSLETTER_HEADER = "X-Newsletter-Delivery"
MARK = re.compile(r"\bn(\d{1,12})-u(\d{1,12})-([0-9a-f]{16})\b")
MAX_MESSAGES = 5_000
TIMEOUT = 30


# --- the mark on each mail ---------------------------------------------------------------


def _signature(newsletter_id: int, user_id: int) -> str:
    return salted_hmac("newsletters.bounce", f"{newsletter_id}-{user_id}").hexdigest()[:16]


def mark(newsletter_id: int, user_id: int) -> str:
    return f"n{newsletter_id}-u{user_id}-{_signature(newsletter_id, user_id)}"


def read_mark(text: str) -> tuple[int, int] | None:
    """(newsletter id, user id) of the first well-signed mark in `text`; None if none is."""
    for found in MARK.finditer(text or ""):
        newsletter_id, user_id = int(found.group(1)), int(found.group(2))
        if constant_time_compare(found.group(3), _signature(newsletter_id, user_id)):
            return newsletter_id, user_id
    return None


def envelope_sender(newsletter_id: int, user_id: int) -> str:
    """bounces+<mark>@domain when NEWSLETTER_BOUNCE_ADDRESS is set; "" otherwise."""
    address = getattr(settings, "NEWSLETTER_BOUNCE_ADDRESS", "")
    if "@" not in address:
        return ""
    local, domain = address.rsplit("@", 1)
    return f"{local}+{mark(newsletter_id, user_id)}@{domain}"


# --- reading a report --------------------------------------------------------------------


@dataclass
class Report:
    recipient: str  # the address the server could not deliver to
    status: str  # "5.1.1"
    action: str  # failed, delayed, delivered, relayed, expanded
    diagnostic: str
    delivery: tuple[int, int] | None  # (newsletter id, user id) from the mark

    @property
    def is_hard(self) -> bool:
        """A permanent failure (5.x.x); a temporary one (4.x.x) may still be delivered."""
        return self.action == "failed" and self.status.startswith("5.")

    @property
    def reason(self) -> str:
        return " ".join(f"{self.status} {self.diagnostic}".split())[:300]


def _address(field: str) -> str:
    # "rfc822; wang@example.com" (RFC 3464 § 2.3.2)
    value = (field or "").split(";", 1)[-1].strip().strip("<>")
    return value.lower() if "@" in value else ""


def _returned_headers(report: Message) -> Iterator[Message]:
    for part in report.walk():
        kind = part.get_content_type()
        if kind == "text/rfc822-headers":
            payload = part.get_payload(decode=True) or b""
            yield BytesHeaderParser(policy=policy.compat32).parsebytes(payload)
        elif kind == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list) and inner:
                yield inner[0]
            elif isinstance(inner, str):
                yield HeaderParser(policy=policy.compat32).parsestr(inner)


def _mark_of(report: Message) -> tuple[int, int] | None:
    # The envelope sender came back as the report's addressee (VERP)…
    for name in ("To", "Delivered-To", "X-Original-To", "Envelope-To"):
        for value in report.get_all(name) or []:
            found = read_mark(str(value))
            if found:
                return found
    # … or the mail's own header came back with the report.
    for headers in _returned_headers(report):
        found = read_mark(str(headers.get(NEWSLETTER_HEADER, "")))
        if found:
            return found
    return None


def reports_in(message: Message) -> list[Report]:
    """The per-recipient reports of a delivery status notification; [] for anything else."""
    if message.get_content_type() != "multipart/report":
        return []
    if str(message.get_param("report-type", "")).lower() != "delivery-status":
        return []
    delivery = _mark_of(message)
    found = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        if not isinstance(blocks, list):
            continue
        # The first block is about the message, each further one about a recipient.
        for block in blocks[1:]:
            recipient = _address(block.get("Final-Recipient", "")) or _address(
                block.get("Original-Recipient", "")
            )
            status = str(block.get("Status", "")).strip().split(" ")[0]
            if not recipient or not re.fullmatch(r"[245]\.\d{1,3}\.\d{1,3}", status):
                continue
            found.append(
                Report(
                    recipient=recipient,
                    status=status,
                    action=str(block.get("Action", "")).strip().lower(),
                    diagnostic=str(block.get("Diagnostic-Code", "")).split(";", 1)[-1].strip(),
                    delivery=delivery,
                )
            )
    return found


def parse(raw: bytes) -> Message:
    # compat32: message/delivery-status comes out as its blocks of fields.
    return email.message_from_bytes(raw, policy=policy.compat32)


# --- mailboxes ---------------------------------------------------------------------------


def messages(spec: str) -> Iterator[bytes]:
    """The unread messages of the mailbox `spec`, each marked read once the caller took it."""
    parts = urlsplit(spec)
    if parts.scheme in ("imap", "imaps"):
        yield from _imap(parts)
    elif parts.scheme in ("pop3", "pop3s"):
        yield from _pop3(parts)
    elif parts.scheme in ("", "maildir", "mbox", "file"):
        path = Path(parts.path if parts.scheme else spec)
        if parts.scheme == "maildir" or (path / "cur").is_dir():
            yield from _maildir(path)
        else:
            yield from _mbox(path)
    else:
        raise ValueError(f"unknown mailbox kind {parts.scheme!r}")


def _maildir(path: Path) -> Iterator[bytes]:
    box = mailbox.Maildir(path, factory=None, create=False)
    for count, key in enumerate(list(box.keys())):
        if count >= MAX_MESSAGES:
            break
        message = box.get_message(key)
        if "S" in message.get_flags():
            continue
        yield message.as_bytes()
        message.set_subdir("cur")
        message.add_flag("S")
        box[key] = message


def _mbox(path: Path) -> Iterator[bytes]:
    if not path.is_file():
        raise FileNotFoundError(path)
    box = mailbox.mbox(path, create=False)
    box.lock()
    try:
        for count, key in enumerate(list(box.keys())):
            if count >= MAX_MESSAGES:
                break
            message = box.get_message(key)
            if "R" in message.get_flags():
                continue
            yield message.as_bytes()
            message.add_flag("RO")
            box[key] = message
        box.flush()
    finally:
        box.unlock()
        box.close()


def _login(parts) -> tuple[str, str]:
    return unquote(parts.username or ""), unquote(parts.password or "")


def _imap(parts) -> Iterator[bytes]:
    kind = imaplib.IMAP4_SSL if parts.scheme == "imaps" else imaplib.IMAP4
    connection = kind(parts.hostname, parts.port or (993 if parts.scheme == "imaps" else 143))
    connection.sock.settimeout(TIMEOUT)
    try:
        connection.login(*_login(parts))
        connection.select(unquote(parts.path.strip("/")) or "INBOX")
        _status, found = connection.search(None, "UNSEEN")
        for number in (found[0] or b"").split()[:MAX_MESSAGES]:
            # RFC822 (not BODY.PEEK): fetching marks it seen.
            _status, data = connection.fetch(number, "(RFC822)")
            raw = next((item[1] for item in data if isinstance(item, tuple)), None)
            if raw:
                yield raw
        connection.close()
    finally:
        connection.logout()


def _pop3(parts) -> Iterator[bytes]:
    kind = poplib.POP3_SSL if parts.scheme == "pop3s" else poplib.POP3
    port = parts.port or (995 if parts.scheme == "pop3s" else 110)
    connection = kind(parts.hostname, port, timeout=TIMEOUT)
    try:
        user, password = _login(parts)
        connection.user(user)
        connection.pass_(password)
        count, _size = connection.stat()
        for number in range(1, min(count, MAX_MESSAGES) + 1):
            _response, lines, _octets = connection.retr(number)
            yield b"\r\n".join(lines) + b"\r\n"
            connection.dele(number)  # POP3 has no "seen": a read report is removed
    finally:
        connection.quit()
