"""Handlers for the newsletter sections of the demo fixtures: categories, opt-ins, and one
issue recorded as sent (its deliveries written, the first `opened` of them as opened; no
mail leaves the demo)."""

from collections import Counter

from django.utils import timezone

from qualitymonth.demo.loader import FixtureError, save_if_changed, section
from qualitymonth.demo.sections import unit_by_key
from qualitymonth.newsletters import selectors
from qualitymonth.newsletters.models import Category, Delivery, Newsletter, State, Subscription
from qualitymonth.organizations.models import User
from qualitymonth.publishing.selectors import public_posts


@section("newsletter_categories")
def load_categories(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        values = {k: row.get(k, "") for k in ("name", "name_zh_hant", "name_en", "description")}
        save_if_changed(Category, {"key": row["key"]}, values, counts)
    return counts


@section("newsletter_subscriptions")
def load_subscriptions(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            raise FixtureError(f"unknown person {row['username']!r}")
        for key in row["categories"]:
            category = Category.objects.get(key=key)
            save_if_changed(Subscription, {"user": user, "category": category}, {}, counts)
    return counts


def _segment(raw: dict) -> dict:
    segment = dict(raw or {})
    if "industry_group" in segment:
        segment["industry_group"] = [unit_by_key(key).pk for key in segment["industry_group"]]
    return segment


@section("newsletters")
def load_newsletters(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        newsletter = save_if_changed(
            Newsletter,
            {"subject": row["subject"]},
            {
                "category": Category.objects.get(key=row["category"]),
                "introduction": row.get("introduction", ""),
                "segment": _segment(row.get("segment")),
            },
            counts,
        )
        if not newsletter.posts.exists():
            latest = public_posts().order_by("-publish_at", "-pk")[: row.get("posts", 3)]
            newsletter.posts.set(list(latest))
        if row.get("sent") and newsletter.state != State.SENT:
            for user in selectors.recipients(newsletter):
                Delivery.objects.get_or_create(
                    newsletter=newsletter, user=user, defaults={"email": user.email}
                )
            newsletter.state = State.SENT
            newsletter.queued_at = newsletter.sent_at = timezone.now()
            newsletter.save(update_fields=["state", "queued_at", "sent_at"])
            first = newsletter.deliveries.order_by("pk")[: row.get("opened", 0)]
            Delivery.objects.filter(pk__in=list(first.values_list("pk", flat=True))).update(
                opened_at=timezone.now()
            )
    return counts
