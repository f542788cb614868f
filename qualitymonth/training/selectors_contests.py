"""Reads of contests: the leaderboard, and check-in streaks."""

import datetime

from django.db.models import Count, DurationField, ExpressionWrapper, F
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qualitymonth.training.models import CheckInCampaign, Contest, ContestEntry


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


def entry_of(user, contest: Contest) -> ContestEntry | None:
    if not user.is_authenticated:
        return None
    # By the attempt's (exam, person) index: filtering on the person alone walks every entry
    # of the contest, which with thousands of entrants is most of a page's time.
    return (
        contest.entries.filter(attempt__exam_id=contest.exam_id, attempt__user=user)
        .select_related("attempt", "certificate")
        .first()
    )


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
