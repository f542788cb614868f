"""Reads of contests: the leaderboard, and check-in streaks."""

import datetime
import functools

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qualitymonth.core.rows import columns, model_from_row
from qualitymonth.training.models import (
    Attempt,
    CheckInCampaign,
    Contest,
    ContestCertificate,
    ContestEntry,
)


def public_contests():
    return (
        Contest.objects.filter(is_published=True)
        .annotate(entrants=Count("entries"))
        .order_by("-opens_at", "pk")
    )


def get_contest(key) -> Contest:
    return get_object_or_404(Contest.objects.select_related("exam"), key=key, is_published=True)


def leaderboard(contest: Contest, limit: int | None = 50):
    """Submitted entries by score, then by time taken (the quicker first), then by entry."""
    taken = ExpressionWrapper(
        F("attempt__submitted_at") - F("attempt__started_at"), output_field=DurationField()
    )
    ranked = (
        ContestEntry.objects.filter(contest=contest, attempt__submitted_at__isnull=False)
        .select_related("attempt")
        .annotate(taken=taken)
        .order_by(F("attempt__score").desc(nulls_last=True), "taken", "pk")
    )
    return ranked if limit is None else ranked[:limit]


def winners(contest: Contest):
    return contest.entries.filter(prize_rank__isnull=False).order_by("prize_rank")


@functools.cache
def _entry_sql(vendor: str) -> str:
    return ENTRY.format(
        entry_columns=columns(ContestEntry, "e"),
        attempt_columns=columns(Attempt, "a"),
        certificate_columns=columns(ContestCertificate, "c"),
        entry=ContestEntry._meta.db_table,
        attempt=Attempt._meta.db_table,
        certificate=ContestCertificate._meta.db_table,
    )


# By the attempt's (exam, person) index: filtering on the person alone walks every entry of
# the contest, which with thousands of entrants is most of a page's time. Written out: each
# signed-in reader's first look at a contest's page asks it, and building it through the ORM
# (two joins) cost more than the database's answer.
ENTRY = """
SELECT {entry_columns}, {attempt_columns}, {certificate_columns}
FROM {entry} e
JOIN {attempt} a ON a.id = e.attempt_id
LEFT JOIN {certificate} c ON c.entry_id = e.id
WHERE e.contest_id = %s AND a.exam_id = %s AND a.user_id = %s
ORDER BY e.id
LIMIT 1
"""


def entry_of(user, contest: Contest) -> ContestEntry | None:
    """The reader's entry, with its attempt and certificate (None when there is none)."""
    if not user.is_authenticated:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_entry_sql(connection.vendor), [contest.pk, contest.exam_id, user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    entry_fields = ContestEntry._meta.concrete_fields
    attempt_fields = Attempt._meta.concrete_fields
    split = len(entry_fields) + len(attempt_fields)
    entry = model_from_row(ContestEntry, entry_fields, row[: len(entry_fields)])
    entry.attempt = model_from_row(Attempt, attempt_fields, row[len(entry_fields) : split])
    certificate = None
    certificate_fields = ContestCertificate._meta.concrete_fields
    if row[split + certificate_fields.index(ContestCertificate._meta.pk)] is not None:
        certificate = model_from_row(ContestCertificate, certificate_fields, row[split:])
        certificate.entry = entry
    ContestEntry.certificate.related.set_cached_value(entry, certificate)
    return entry


def get_campaign(key) -> CheckInCampaign:
    return get_object_or_404(CheckInCampaign, key=key)


def streak(days: set[datetime.date], today: datetime.date) -> int:
    """Days in a row up to today (or up to yesterday, when today is not yet checked in)."""
    day = today if today in days else today - datetime.timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= datetime.timedelta(days=1)
    return count


def streak_of(user, campaign: CheckInCampaign) -> tuple[int, bool]:
    today = timezone.localdate()
    if not user.is_authenticated:
        return 0, False
    days = set(campaign.checkins.filter(user=user).values_list("day", flat=True))
    return streak(days, today), today in days


def campaign_figures(campaign: CheckInCampaign) -> dict:
    return campaign.checkins.aggregate(people=Count("user", distinct=True), checkins=Count("pk"))


def running_campaigns():
    today = timezone.localdate()
    return CheckInCampaign.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by(
        "ends_on", "pk"
    )
