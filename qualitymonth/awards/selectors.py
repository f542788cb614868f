"""Reads of recognition programs: lists, the ranking, public lists in their stated order."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qualitymonth.awards import scoring
from qualitymonth.awards.models import (
    REVIEWED_STATUSES,
    Application,
    ApplicationStatus,
    Assignment,
    AssignmentStatus,
    Certificate,
    Notice,
    NoticeKind,
    Objection,
    ObjectionStatus,
    Round,
    RoundStatus,
    Score,
)
from qualitymonth.core.collation import sort_key
from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.organizations.models import Position
from qualitymonth.organizations.selectors import staff_unit_ids, units_acted_for


def public_rounds():
    return (
        Round.objects.exclude(status=RoundStatus.DRAFT)
        .select_related("program")
        .order_by("-year", "-published_at")
    )


def get_public_round(pk: int) -> Round:
    return get_object_or_404(public_rounds(), pk=pk)


def get_round_to_manage(user, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("program", "rubric"), pk=pk)
    require_perm_or_404(user, "awards.manage_round", round_)
    return round_


def status_counts(round_) -> dict[str, int]:
    """Applications of the round by status label, in the statuses' order, in one query."""
    found = dict(round_.applications.values_list("status").annotate(n=Count("pk")).order_by())
    return {status.label: found.get(status.value, 0) for status in ApplicationStatus}


def applications_of(user):
    """Applications a person made or their unit made."""
    units = staff_unit_ids(user)
    return (
        Application.objects.filter(Q(created_by=user) | Q(applicant_unit_id__in=units))
        .select_related("round__program", "applicant_unit")
        .order_by("-created_at")
    )


def get_application(user, pk: int, perm: str = "awards.open_application") -> Application:
    application = get_object_or_404(
        Application.objects.select_related("round__program", "applicant_unit", "recommending_unit"),
        pk=pk,
    )
    require_perm_or_404(user, perm, application)
    return application


def recommendations_for(user):
    """Applications naming a unit the person administers as recommending unit."""
    from qualitymonth.organizations.models import Role

    units = units_acted_for(user, Role.UNIT_ADMIN, below=False)
    return (
        Application.objects.filter(recommending_unit_id__in=units)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("round__program", "applicant_unit", "recommending_unit")
        .order_by("status", "-submitted_at")
    )


def assignments_of(user):
    return (
        Assignment.objects.filter(reviewer=user)
        .select_related("application__round__program", "review")
        .order_by("status", "-application__round__year", "application_id")
    )


def get_assignment_to_review(user, pk: int) -> Assignment:
    """The reviewer's own assignment; conflicted or recused ones answer 404."""
    assignment = get_object_or_404(
        Assignment.objects.select_related(
            "application__round__rubric", "application__applicant_unit"
        ),
        pk=pk,
    )
    require_perm_or_404(user, "awards.review_application", assignment)
    return assignment


@dataclass
class RankingRow:
    application: Application
    reviews: int = 0
    combined: float | None = None
    mean: float | None = None
    rank: int | None = None
    totals: list[float] = field(default_factory=list)
    rule: str | None = None  # the rule this entry's score came from (scoring.rule_applied)
    trim_from: int = 0

    @property
    def rule_label(self) -> str:
        """What the secretariat reads next to the score, and what the exports write."""
        if self.rule == "trimmed":
            return _("trimmed mean (highest and lowest dropped)")
        if self.rule == "zscore":
            return _("z-score")
        if self.rule == "mean" and self.trim_from:
            return _("mean (fewer than %(n)s reviews, none dropped)") % {"n": self.trim_from}
        if self.rule == "mean":
            return _("mean")
        return ""


def submitted_totals(round_) -> dict[tuple[int, int], float]:
    """(application, reviewer) → weighted total of every submitted, still counting review."""
    weights = {c.pk: c.weight for c in round_.rubric.criteria.all()} if round_.rubric else {}
    points: dict[tuple[int, int], dict[int, float]] = {}
    rows = Score.objects.filter(
        review__assignment__application__round=round_,
        review__assignment__status=AssignmentStatus.ASSIGNED,
        review__submitted_at__isnull=False,
    ).values_list(
        "review__assignment__application_id",
        "review__assignment__reviewer_id",
        "criterion_id",
        "points",
    )
    for application, reviewer, criterion, value in rows:
        points.setdefault((application, reviewer), {})[criterion] = value
    return {key: scoring.weighted_total(scores, weights) for key, scores in points.items()}


def ranking_of(round_) -> list[RankingRow]:
    """Every reviewed application with its combined score under the round's rule, best first."""
    totals = submitted_totals(round_)
    maximum = float(round_.rubric.max_total()) if round_.rubric else 100.0
    combined = scoring.combine(
        round_.aggregation, totals, trim_from=round_.trim_from, maximum=maximum
    )
    ranks = scoring.competition_ranks(combined)
    rows = {
        application.pk: RankingRow(application=application)
        for application in round_.applications.filter(status__in=REVIEWED_STATUSES)
        .select_related("grade", "applicant_unit")
        .order_by("pk")
    }
    for (application, _reviewer), total in totals.items():
        if application in rows:
            rows[application].totals.append(total)
    for pk, row in rows.items():
        row.reviews = len(row.totals)
        row.mean = scoring.mean(row.totals)
        row.combined = combined.get(pk)
        row.rank = ranks.get(pk)
        row.rule = scoring.rule_applied(round_.aggregation, row.reviews, round_.trim_from)
        if round_.aggregation == "trimmed" and row.rule == "mean":
            row.trim_from = max(round_.trim_from, 3)
    return sorted(
        rows.values(),
        key=lambda row: (row.rank is None, row.rank or 0, row.application.holder_name),
    )


@dataclass
class ReviewProgress:
    """How far the review of the applications still under review has got."""

    assigned: int  # active assignments
    submitted: int  # of those, reviews submitted
    short: int  # applications with fewer submitted reviews than the round asks for
    min_reviews: int

    @property
    def outstanding(self) -> int:
        return self.assigned - self.submitted

    @property
    def complete(self) -> bool:
        return self.outstanding == 0 and self.short == 0

    def summary(self) -> str:
        """E.g. "3 of 15 reviews outstanding; 2 applications have fewer than 3 scores."."""
        parts = []
        if self.outstanding:
            parts.append(
                _("%(n)s of %(total)s reviews outstanding")
                % {"n": self.outstanding, "total": self.assigned}
            )
        if self.short:
            parts.append(
                ngettext(
                    "%(n)s application has fewer than %(min)s scores",
                    "%(n)s applications have fewer than %(min)s scores",
                    self.short,
                )
                % {"n": self.short, "min": self.min_reviews}
            )
        return _("; ").join(parts)


def review_progress(round_) -> ReviewProgress:
    active = Assignment.objects.filter(
        application__round=round_,
        application__status=ApplicationStatus.IN_REVIEW,
        status=AssignmentStatus.ASSIGNED,
    )
    counts = active.aggregate(
        assigned=Count("pk"), submitted=Count("pk", filter=Q(review__submitted_at__isnull=False))
    )
    done = Q(
        assignments__status=AssignmentStatus.ASSIGNED,
        assignments__review__submitted_at__isnull=False,
    )
    short = (
        round_.applications.filter(status=ApplicationStatus.IN_REVIEW)
        .annotate(done=Count("assignments", filter=done))
        .filter(done__lt=round_.min_reviews)
        .count()
    )
    return ReviewProgress(
        assigned=counts["assigned"],
        submitted=counts["submitted"],
        short=short,
        min_reviews=round_.min_reviews,
    )


def _listed(round_, statuses):
    return round_.applications.filter(status__in=statuses, grade__isnull=False).select_related(
        "grade", "applicant_unit", "certificate"
    )


def ordered_entries(round_, applications) -> list[Application]:
    """By grade, then the name in pinyin or stroke order, as the program states."""
    order = round_.program.list_order
    return sorted(
        applications,
        key=lambda a: (a.grade.position, a.grade_id, sort_key(a.holder_name, order), a.pk),
    )


def public_entries(round_) -> list[Application]:
    """The entries of the current public list: proposed during the notice, then awarded."""
    statuses = (
        (ApplicationStatus.PROPOSED,)
        if round_.status == RoundStatus.NOTICE
        else (ApplicationStatus.AWARDED,)
    )
    return ordered_entries(round_, _listed(round_, statuses))


def awarded_entries(round_) -> list[Application]:
    return ordered_entries(round_, _listed(round_, (ApplicationStatus.AWARDED,)))


def notice_entries(notice) -> list[Application]:
    """A notice's list as published: withdrawn entries stay, marked, so the record is whole."""
    if notice.kind == NoticeKind.PROPOSED:
        statuses = (
            ApplicationStatus.PROPOSED,
            ApplicationStatus.WITHDRAWN,
            ApplicationStatus.AWARDED,
        )
    else:
        statuses = (ApplicationStatus.AWARDED, ApplicationStatus.WITHDRAWN)
    entries = _listed(notice.round, statuses)
    if notice.kind == NoticeKind.FINAL:
        entries = entries.filter(certificate__isnull=False)
    return ordered_entries(notice.round, entries)


def get_notice(pk: int) -> Notice:
    return get_object_or_404(Notice.objects.select_related("round__program"), pk=pk)


def certificate_by_serial(serial: str) -> Certificate | None:
    """An award certificate by its number (the platform-wide lookup is core.certificates.find)."""
    return (
        Certificate.objects.select_related("application__round__program", "application__grade")
        .filter(serial=serial.strip().upper())
        .first()
    )


def raw_scores(round_):
    """Every score of every review, for the secretariat's export."""
    return (
        Score.objects.filter(review__assignment__application__round=round_)
        .select_related(
            "criterion",
            "review__assignment__reviewer",
            "review__assignment__application",
        )
        .order_by(
            "review__assignment__application_id",
            "review__assignment__reviewer_id",
            "criterion__position",
        )
    )


def reviewer_units(user) -> str:
    """The units a reviewer works at, as the secretariat knows them (positions prefetched)."""
    names = dict.fromkeys(position.unit.display_name for position in user.positions.all())
    return "、".join(names)


def _with_units(users):
    return users.prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("unit").order_by("pk"))
    )


def panel_reviewers(round_):
    """Everyone on the round's panels, by name, with their units at hand."""
    from qualitymonth.awards.services.assignment import reviewers_of

    return _with_units(reviewers_of(round_)).order_by("display_name", "username")


def assignment_board(round_) -> list[Application]:
    """Applications under review with their assignments, for the secretariat; each
    assignment carries `reviewer_units` to show beside the reviewer's name."""
    assignments = Assignment.objects.select_related("reviewer", "review").order_by("pk")
    board = list(
        round_.applications.filter(status__in=REVIEWED_STATUSES)
        .select_related("applicant_unit", "grade")
        .prefetch_related(
            Prefetch("assignments", queryset=assignments),
            Prefetch(
                "assignments__reviewer__positions",
                queryset=Position.objects.select_related("unit").order_by("pk"),
            ),
        )
        .annotate(
            active=Count("assignments", filter=Q(assignments__status=AssignmentStatus.ASSIGNED))
        )
        .order_by("pk")
    )
    for application in board:
        for assignment in application.assignments.all():
            assignment.reviewer_units = reviewer_units(assignment.reviewer)
    return board


def open_objections(notice):
    return notice.objections.select_related("application").order_by("status", "-created_at")


def open_calls(limit: int = 5):
    """Calls still taking applications, the nearest deadline first (the front page's)."""
    return (
        Round.objects.filter(status=RoundStatus.OPEN, closes_at__gte=timezone.now())
        .select_related("program")
        .order_by("closes_at", "pk")[:limit]
    )


def open_public_notices(limit: int = 5):
    """Proposed lists still on public notice (公示), the nearest last day first."""
    today = timezone.localdate()
    return (
        Notice.objects.filter(kind=NoticeKind.PROPOSED, round__status=RoundStatus.NOTICE)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("round__program")
        .order_by("ends_on", "pk")[:limit]
    )


def reviews_due(user):
    """The reviewer's assignments whose review is not submitted yet, in rounds under review."""
    return (
        Assignment.objects.filter(
            reviewer=user,
            status=AssignmentStatus.ASSIGNED,
            application__round__status=RoundStatus.REVIEW,
        )
        .filter(Q(review__isnull=True) | Q(review__submitted_at__isnull=True))
        .select_related("application__round__program")
        .order_by("application__round__closes_at", "application_id")
    )


def recommendations_waiting(user):
    """Applications waiting for the person's unit to recommend them (unit administrators)."""
    return recommendations_for(user).filter(status=ApplicationStatus.SUBMITTED)


def objections_to_answer():
    """Objections to a public notice that the secretariat is still looking into."""
    return (
        Objection.objects.filter(status=ObjectionStatus.OPEN)
        .select_related("notice__round", "application")
        .order_by("created_at", "pk")
    )


def applications_of_units(unit_ids, *, year: int | None = None) -> list[dict]:
    """Applications the units sent (drafts left out) with their status, which is the result
    once the round's results are published (a member unit's page and its participation)."""
    rows = Application.objects.filter(applicant_unit_id__in=unit_ids).exclude(
        status=ApplicationStatus.DRAFT
    )
    if year:
        rows = rows.filter(round__year=year)
    labels = dict(ApplicationStatus.choices)
    return [
        {
            "unit_id": unit_id,
            "pk": pk,
            "title": title,
            "round": round_title,
            "at": submitted_at or created_at,
            "status": labels.get(status, status),
        }
        for pk, unit_id, title, round_title, submitted_at, created_at, status in rows.order_by(
            "pk"
        ).values_list(
            "pk",
            "applicant_unit_id",
            "title",
            "round__title",
            "submitted_at",
            "created_at",
            "status",
        )
    ]


def reviews_in_rounds(user, round_ids) -> bool:
    """Whether the person sits on a panel of, or is assigned an entry in, one of the rounds."""
    from qualitymonth.awards.models import Panel

    if not user.is_authenticated:
        return False
    return (
        Panel.objects.filter(round_id__in=round_ids, reviewers=user).exists()
        or Assignment.objects.filter(application__round_id__in=round_ids, reviewer=user).exists()
    )


def year_application_counts(year: int) -> dict[str, int]:
    """For the year's figures: applications sent to the year's rounds (drafts left out) and
    those recognised."""
    rows = Application.objects.filter(round__year=year).exclude(status=ApplicationStatus.DRAFT)
    return rows.aggregate(
        applications=Count("pk"),
        awarded=Count("pk", filter=Q(status=ApplicationStatus.AWARDED)),
    )
