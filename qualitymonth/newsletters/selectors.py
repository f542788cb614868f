"""Reads of newsletters: recipients (subscribed, in the segment, with an address), previews."""

from django.db.models import Count, Q, QuerySet

from qualitymonth.newsletters.models import Category, Delivery, Newsletter, Subscription
from qualitymonth.newsletters.segments import people_in
from qualitymonth.organizations.models import User

SAMPLE = 10


def subscribers(category: Category) -> QuerySet[User]:
    """People who opted in to `category` and have not unsubscribed since."""
    return User.objects.filter(
        pk__in=Subscription.objects.filter(category=category, ended_at__isnull=True).values(
            "user_id"
        )
    )


def recipients(newsletter: Newsletter) -> QuerySet[User]:
    """Who gets `newsletter` now: asked again at each batch, so an unsubscribe made while it
    is being sent is honoured by the next batch."""
    # An address the mail server reported as bounced is not written to again (until the
    # person gives another one).
    bounced = Delivery.objects.filter(bounced_at__isnull=False).values("email")
    return (
        people_in(newsletter.segment)
        .filter(pk__in=subscribers(newsletter.category).values("pk"), is_active=True)
        .exclude(email="")
        .exclude(email__in=bounced)
        .order_by("pk")
    )


def still_to_send(newsletter: Newsletter) -> QuerySet[User]:
    sent = Delivery.objects.filter(newsletter=newsletter).values("user_id")
    return recipients(newsletter).exclude(pk__in=sent)


def preview(newsletter: Newsletter) -> dict:
    people = recipients(newsletter)
    return {"count": people.count(), "sample": list(people[:SAMPLE])}


def _with_counts(newsletters: QuerySet[Newsletter]) -> QuerySet[Newsletter]:
    """Each newsletter with how many mails went out, were opened and bounced."""
    return newsletters.annotate(
        sent_count=Count("deliveries"),
        opened_count=Count("deliveries", filter=Q(deliveries__opened_at__isnull=False)),
        bounced_count=Count("deliveries", filter=Q(deliveries__bounced_at__isnull=False)),
    )


def newsletters() -> QuerySet[Newsletter]:
    return _with_counts(Newsletter.objects.select_related("category")).order_by(
        "-created_at", "-pk"
    )


def get_newsletter(pk) -> Newsletter:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(_with_counts(Newsletter.objects.select_related("category")), pk=pk)


def bounced_deliveries(newsletter: Newsletter, *, limit: int = 50) -> list[Delivery]:
    return list(
        Delivery.objects.filter(newsletter=newsletter, bounced_at__isnull=False).order_by(
            "-bounced_at", "email"
        )[:limit]
    )


def reported_delivery(marked: tuple[int, int] | None, address: str) -> Delivery | None:
    """The delivery a mail server's report is about: the one its mark names, else the last
    mail sent to the address it reports; None when no newsletter went there."""
    if marked is not None:
        newsletter_id, user_id = marked
        found = Delivery.objects.filter(newsletter_id=newsletter_id, user_id=user_id).first()
        if found is not None:
            return found
    if not address:
        return None
    return Delivery.objects.filter(email__iexact=address).order_by("-sent_at", "-pk").first()


def categories() -> QuerySet[Category]:
    return Category.objects.order_by("key")


def subscribed_category_ids(user) -> set[int]:
    return set(
        Subscription.objects.filter(user=user, ended_at__isnull=True).values_list(
            "category_id", flat=True
        )
    )
