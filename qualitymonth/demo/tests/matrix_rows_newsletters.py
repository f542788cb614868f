"""Permission-matrix rows of newsletters: the secretariat composes and sends; everyone signed
in chooses their own; the unsubscribe link needs no sign-in (its signed token is the proof)."""

from qualitymonth.demo.tests.matrix import (
    EVERYONE,
    FILE,
    POST_ONLY,
    WRITES,
    Row,
    answers,
    signed_in,
    staff_page,
)
from qualitymonth.newsletters.models import Delivery, Newsletter, Subscription


def _letter():
    return Newsletter.objects.order_by("pk").first()


def _count():
    return Newsletter.objects.count()


def _token():
    from qualitymonth.newsletters.services import unsubscribe_token

    subscription = Subscription.objects.select_related("user", "category").order_by("pk").first()
    return [unsubscribe_token(subscription.user, subscription.category)]


def _open_token():
    from qualitymonth.newsletters.services import open_token

    delivery = Delivery.objects.select_related("newsletter", "user").order_by("pk").first()
    if delivery is None:
        return [open_token(_letter(), Subscription.objects.order_by("pk").first().user)]
    return [open_token(delivery.newsletter, delivery.user)]


SECRETARIAT_WRITES = staff_page("secretariat", answer=WRITES)

ROWS = {
    "newsletters": [
        Row("newsletters:index", staff_page("secretariat")),
        Row("newsletters:new", staff_page("secretariat"), post=SECRETARIAT_WRITES, watch=_count),
        Row(
            "newsletters:edit",
            staff_page("secretariat"),
            post=SECRETARIAT_WRITES,
            args=lambda: [_letter().pk],
            title=lambda: _letter().subject,
            watch=lambda: _letter().subject,
        ),
        Row(
            "newsletters:send",
            answers(POST_ONLY),
            post=SECRETARIAT_WRITES,
            args=lambda: [_letter().pk],
            watch=lambda: _letter().state,
        ),
        Row(
            "newsletters:bounces",
            answers(POST_ONLY),
            post=SECRETARIAT_WRITES,
            args=lambda: [_letter().pk],
            watch=lambda: Delivery.objects.filter(bounced_at__isnull=False).count(),
        ),
        # The open-counting picture in a mail: anyone's mail program loads it.
        Row("newsletters:opened", answers(FILE), args=_open_token),
        Row("newsletters:subscriptions", signed_in(), post=signed_in(WRITES)),
        Row(
            "newsletters:unsubscribe",
            EVERYONE,
            post=answers(WRITES),
            args=_token,
            watch=lambda: Subscription.objects.filter(ended_at__isnull=False).count(),
        ),
    ]
}
