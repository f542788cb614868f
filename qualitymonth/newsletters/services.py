"""Writes of newsletters: subscriptions, composing, queueing and sending in batches."""

import re

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.newsletters import bounces, selectors
from qualitymonth.newsletters.models import Category, Delivery, Newsletter, State, Subscription
from qualitymonth.newsletters.segments import clean

BATCH = 200
TOKEN_SALT = "newsletters.unsubscribe"
OPEN_SALT = "newsletters.open"
MAX_BOUNCE_LINES = 20_000
ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


# --- subscriptions ---------------------------------------------------------------------------


def set_subscriptions(*, user, categories) -> None:
    """The person's opt-ins are exactly `categories` (ticked by themselves)."""
    wanted = {category.pk for category in categories}
    now = timezone.now()
    for category in Category.objects.all():
        subscription = Subscription.objects.filter(user=user, category=category).first()
        if category.pk in wanted:
            if subscription is None:
                Subscription.objects.create(user=user, category=category)
            elif subscription.ended_at is not None:
                subscription.ended_at = None
                subscription.save(update_fields=["ended_at"])
        elif subscription is not None and subscription.ended_at is None:
            subscription.ended_at = now
            subscription.save(update_fields=["ended_at"])


def unsubscribe_token(user, category: Category) -> str:
    return signing.dumps({"u": user.pk, "c": category.key}, salt=TOKEN_SALT, compress=True)


def read_unsubscribe_token(token: str) -> Subscription | None:
    """The subscription a token from a newsletter names, or None for a forged or stale one."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        Subscription.objects.select_related("category")
        .filter(user_id=data.get("u"), category__key=data.get("c"))
        .first()
    )


def unsubscribe(subscription: Subscription) -> None:
    if subscription.ended_at is None:
        subscription.ended_at = timezone.now()
        subscription.save(update_fields=["ended_at"])


# --- composing and sending -------------------------------------------------------------------


def save_newsletter(*, actor, newsletter: Newsletter, posts, segment: dict) -> Newsletter:
    if newsletter.state != State.DRAFT:
        raise ValidationError(_("This newsletter has been sent; it can no longer be changed."))
    newsletter.segment = clean(segment)
    if newsletter.pk is None:
        newsletter.created_by = actor
    with transaction.atomic():
        newsletter.save()
        newsletter.posts.set(posts)
    return newsletter


def queue(*, actor, newsletter: Newsletter) -> int:
    """Queue the newsletter for the worker; refused whole when nobody would receive it."""
    from qualitymonth.newsletters.tasks import send_batch

    with transaction.atomic():
        newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if newsletter.state != State.DRAFT:
            raise ValidationError(_("This newsletter has already been sent or queued."))
        count = selectors.recipients(newsletter).count()
        if not count:
            raise ValidationError(
                _(
                    "Nobody would receive this newsletter: no subscriber of “%(category)s” "
                    "matches the chosen recipients. Widen the recipients or choose another "
                    "category."
                )
                % {"category": newsletter.category.display_name}
            )
        newsletter.state = State.QUEUED
        newsletter.queued_at = timezone.now()
        newsletter.save(update_fields=["state", "queued_at"])
        log_action(
            actor=actor, action="newsletter.queued", obj=newsletter, changes={"recipients": count}
        )
        transaction.on_commit(lambda: send_batch.enqueue(newsletter.pk))
    return count


def open_token(newsletter: Newsletter, user) -> str:
    return signing.dumps({"n": newsletter.pk, "u": user.pk}, salt=OPEN_SALT)


def record_open(token: str) -> bool:
    """The picture in a newsletter was loaded: its delivery's first open is noted. False for
    a forged token."""
    try:
        data = signing.loads(token, salt=OPEN_SALT)
    except signing.BadSignature:
        return False
    if not isinstance(data, dict):
        return False
    Delivery.objects.filter(
        newsletter_id=data.get("n"), user_id=data.get("u"), opened_at__isnull=True
    ).update(opened_at=timezone.now())
    return True


def _message(newsletter: Newsletter, user, posts) -> EmailMultiAlternatives:
    site = settings.SITE_URL.rstrip("/")
    token = unsubscribe_token(user, newsletter.category)
    context = {
        "newsletter": newsletter,
        "posts": posts,
        "site": site,
        "unsubscribe_url": site + reverse("newsletters:unsubscribe", args=[token]),
        "open_url": site + reverse("newsletters:opened", args=[open_token(newsletter, user)]),
        "user": user,
    }
    headers = {
        # One click in the mail program (RFC 8058): a POST to the address, no sign-in.
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # Ties the server's bounce report to this delivery (bounces.py).
        bounces.NEWSLETTER_HEADER: bounces.mark(newsletter.pk, user.pk),
    }
    # With a bounce address, reports come back to bounces+<mark>@… (VERP): the envelope
    # sender is that address while the From line stays the association's.
    sender = bounces.envelope_sender(newsletter.pk, user.pk)
    if sender:
        headers["From"] = settings.DEFAULT_FROM_EMAIL
    message = EmailMultiAlternatives(
        newsletter.subject,
        render_to_string("newsletters/email.txt", context),
        sender or settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers=headers,
    )
    # The HTML part carries the open-counting picture (a plain-text reader is not counted).
    message.attach_alternative(render_to_string("newsletters/email.html", context), "text/html")
    return message


def send_batch(newsletter_id: int, *, size: int = BATCH) -> int:
    """Send the next `size` mails; returns how many went out (0: the newsletter is done).
    Recipients are asked afresh, so an unsubscribe since the last batch is honoured."""
    newsletter = Newsletter.objects.select_related("category").get(pk=newsletter_id)
    if newsletter.state != State.QUEUED:
        return 0
    people = list(selectors.still_to_send(newsletter)[:size])
    if not people:
        newsletter.state = State.SENT
        newsletter.sent_at = timezone.now()
        newsletter.save(update_fields=["state", "sent_at"])
        return 0
    posts = list(newsletter.posts.order_by("-publish_at", "-pk"))
    with get_connection() as connection:
        for user in people:
            connection.send_messages([_message(newsletter, user, posts)])
            Delivery.objects.create(newsletter=newsletter, user=user, email=user.email)
    return len(people)


def send_all(newsletter_id: int) -> int:
    """Every batch in turn (the worker's task); the total sent."""
    total = 0
    while sent := send_batch(newsletter_id):
        total += sent
    return total


# --- what the mail server reports back -------------------------------------------------------


def _bounce_lines(text: str) -> dict[str, str]:
    """{address: reason} from a pasted or imported bounce list: one address a line, anything
    after it on the line (a server's code and words) is the reason."""
    found: dict[str, str] = {}
    for line in (text or "").replace("\x00", "").splitlines()[:MAX_BOUNCE_LINES]:
        match = ADDRESS.search(line)
        if match is None:
            continue
        reason = line[match.end() :].strip(" \t,;:>\"'")
        found.setdefault(match.group(0).lower(), reason[:300])
    return found


@transaction.atomic
def record_bounces(*, actor, newsletter: Newsletter, text: str) -> tuple[int, list[str]]:
    """Mark the deliveries the bounce list names as bounced; (how many were marked, the
    addresses this newsletter was not sent to). Nothing is marked when the list is refused."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if newsletter.state == State.DRAFT:
        raise ValidationError(_("This newsletter has not been sent: there is nothing to bounce."))
    bounced = _bounce_lines(text)
    if not bounced:
        raise ValidationError(
            {"addresses": _("No e-mail address was found: paste one bounced address a line.")}
        )
    # An address keeps the case the person typed; the server may report it otherwise.
    rows = (
        Delivery.objects.select_for_update()
        .annotate(address=Lower("email"))
        .filter(newsletter=newsletter, address__in=list(bounced))
    )
    deliveries = {delivery.address: delivery for delivery in rows}
    now, marked = timezone.now(), []
    for address, reason in bounced.items():
        delivery = deliveries.get(address)
        if delivery is not None and delivery.bounced_at is None:
            delivery.bounced_at, delivery.bounce_reason = now, reason
            marked.append(delivery)
    Delivery.objects.bulk_update(marked, ["bounced_at", "bounce_reason"])
    unknown = sorted(address for address in bounced if address not in deliveries)
    log_action(
        actor=actor,
        action="newsletter.bounces",
        obj=newsletter,
        changes={"bounced": len(marked), "unknown": len(unknown)},
    )
    return len(marked), unknown


def read_bounce_mailbox(spec: str = "") -> dict:
    """Read the mail server's delivery reports from the mailbox `spec` (default: the setting
    NEWSLETTER_BOUNCE_MAILBOX) and mark the permanent failures bounced, as a pasted list does.
    Temporary failures (4.x.x), messages that are not reports and addresses no newsletter
    went to change nothing. Returns the counts."""
    spec = spec or getattr(settings, "NEWSLETTER_BOUNCE_MAILBOX", "")
    counts = {"messages": 0, "reports": 0, "bounced": 0, "temporary": 0, "unknown": 0}
    if not spec:
        return counts
    hard: dict[int, dict[str, str]] = {}  # newsletter id → {address: reason}
    for raw in bounces.messages(spec):
        counts["messages"] += 1
        for report in bounces.reports_in(bounces.parse(raw)):
            counts["reports"] += 1
            if not report.is_hard:
                counts["temporary"] += 1
                continue
            delivery = selectors.reported_delivery(report.delivery, report.recipient)
            if delivery is None:
                counts["unknown"] += 1
                continue
            hard.setdefault(delivery.newsletter_id, {}).setdefault(delivery.email, report.reason)
    for newsletter in Newsletter.objects.filter(pk__in=list(hard)).order_by("pk"):
        text = "\n".join(f"{address} {reason}" for address, reason in hard[newsletter.pk].items())
        marked, _unknown = record_bounces(actor=None, newsletter=newsletter, text=text)
        counts["bounced"] += marked
    return counts
