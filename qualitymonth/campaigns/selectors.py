"""Reads of campaigns, already narrowed to what the viewer may see."""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from qualitymonth.campaigns.models import (
    Action,
    ActionStatus,
    ActivityKind,
    ActivityReport,
    Campaign,
    ProgressReport,
    ReporterGroup,
    ReportFile,
    ReportState,
)
from qualitymonth.campaigns.rules import reporting_unit_ids
from qualitymonth.organizations.models import Unit, UnitKind
from qualitymonth.organizations.rules import is_secretariat

FIGURES = ["participants", "online_viewers", "teams", "enterprises", "sub_activities"]
OPEN = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.DELAYED]


def _get(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- campaigns and plans ------------------------------------------------------------------


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.all()
    if not is_secretariat(user):
        campaigns = campaigns.filter(is_published=True)
    return campaigns


def get_campaign(user, year) -> Campaign:
    return _get(campaigns_visible_to(user).prefetch_related("lead_bodies", "categories"), year=year)


def latest_campaign(user) -> Campaign | None:
    return campaigns_visible_to(user).first()


def chosen_campaign(user, year) -> Campaign | None:
    """The campaign of `year` (a query parameter, any text) if the user sees it, else the latest."""
    campaigns = campaigns_visible_to(user)
    try:
        chosen = campaigns.filter(year=int(year)).first()
    except (TypeError, ValueError, OverflowError):
        chosen = None
    return chosen or campaigns.first()


def plan_of(campaign: Campaign) -> list[Action]:
    """Every action in number order, each with `depth` for indenting sub-actions."""
    actions = list(
        campaign.actions.select_related("category", "lead_unit", "parent").prefetch_related(
            "co_units"
        )
    )
    parent_of = {action.pk: action.parent_id for action in actions}
    for action in actions:
        action.depth, node, seen = 0, action.parent_id, set()
        while node in parent_of and node not in seen:
            seen.add(node)
            action.depth += 1
            node = parent_of[node]
    return actions


def plan_summary(campaign: Campaign) -> dict:
    top = campaign.actions.filter(parent__isnull=True)
    counts = dict(top.values_list("status").annotate(n=Count("pk")))
    total = sum(counts.values())
    progress = [p for p in top.values_list("progress", flat=True)]
    return {
        "actions": total,
        "by_status": [
            (status, label, counts.get(status, 0)) for status, label in ActionStatus.choices
        ],
        "progress": round(sum(progress) / len(progress)) if progress else 0,
    }


def actions_for(user, *, campaign: Campaign | None = None) -> QuerySet[Action]:
    """The secretariat sees every action; a unit sees the actions it leads or shares."""
    actions = Action.objects.select_related("campaign", "category", "lead_unit")
    if campaign is not None:
        actions = actions.filter(campaign=campaign)
    if not is_secretariat(user):
        units = reporting_unit_ids(user)
        actions = actions.filter(Q(lead_unit_id__in=units) | Q(co_units__in=units)).distinct()
    return actions.prefetch_related("co_units").order_by("-campaign__year", "sort_key")


def actions_to_report(user) -> QuerySet[Action]:
    """Open actions of the person's units that take reports (no sub-actions), the nearest due
    date first: what a unit reporter or administrator has to report on."""
    units = reporting_unit_ids(user)
    theirs = Action.objects.filter(Q(lead_unit_id__in=units) | Q(co_units__in=units))
    return (
        Action.objects.filter(pk__in=theirs.values("pk"), status__in=OPEN)
        .filter(children__isnull=True, campaign__is_published=True)
        .select_related("campaign")
        .order_by(F("due_on").asc(nulls_last=True), "sort_key")
    )


def get_action_for(user, pk) -> Action:
    """An action the user may open; another unit's action answers 404."""
    return _get(actions_for(user), pk=pk)


def units_responsible(user, action: Action) -> list[Unit]:
    """Of the action's units, those the user may report for."""
    units = reporting_unit_ids(user)
    candidates = [action.lead_unit, *action.co_units.all()]
    return [unit for unit in candidates if unit.pk in units]


def reports_of(action: Action) -> QuerySet[ProgressReport]:
    return action.reports.select_related("unit", "author", "reviewed_by").prefetch_related("files")


def late_actions(campaign: Campaign, *, today: datetime.date | None = None) -> QuerySet[Action]:
    today = today or timezone.localdate()
    return (
        campaign.actions.filter(status__in=OPEN, due_on__lt=today)
        .select_related("lead_unit")
        .order_by("due_on", "sort_key")
    )


def silent_actions(campaign: Campaign, *, now: datetime.datetime | None = None) -> QuerySet[Action]:
    """Open actions without sub-actions whose units have not reported for a while, or ever."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=settings.CAMPAIGN_SILENT_DAYS)
    return (
        campaign.actions.filter(status__in=OPEN, children__isnull=True)
        .filter(Q(last_report_at__isnull=True) | Q(last_report_at__lt=since))
        .select_related("lead_unit")
        .order_by("sort_key")
    )


def progress_reports_to_review() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(state=ReportState.SUBMITTED).select_related(
        "action", "action__campaign", "unit", "author"
    )


def get_progress_report(pk) -> ProgressReport:
    return _get(ProgressReport.objects.select_related("action", "unit"), pk=pk)


# --- activity reports ----------------------------------------------------------------------


@dataclass
class ActivityFilters:
    district: Unit | None = None
    category: object = None
    kind: str = ""
    group: str = ""
    action: Action | None = None
    unit: Unit | None = None
    day: datetime.date | None = None
    month: datetime.date | None = None
    q: str = ""


def _filtered(activities: QuerySet, filters: ActivityFilters | None) -> QuerySet:
    if filters is None:
        return activities
    if filters.district is not None:
        activities = activities.filter(district=filters.district)
    if filters.category is not None:
        activities = activities.filter(category=filters.category)
    if filters.kind:
        activities = activities.filter(kind=filters.kind)
    if filters.group:
        activities = activities.filter(group=filters.group)
    if filters.action is not None:
        activities = activities.filter(action=filters.action)
    if filters.unit is not None:
        activities = activities.filter(unit=filters.unit)
    if filters.day:
        activities = activities.filter(starts_on__lte=filters.day, ends_on__gte=filters.day)
    if filters.month:
        first = filters.month.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        activities = activities.filter(starts_on__lte=last, ends_on__gte=first)
    if filters.q:
        activities = activities.filter(
            Q(title__icontains=filters.q)
            | Q(place__icontains=filters.q)
            | Q(organisers__icontains=filters.q)
        )
    return activities


def public_activities(campaign: Campaign, filters: ActivityFilters | None = None) -> QuerySet:
    """Accepted reports only: what the digest and the public pages count."""
    activities = campaign.activities.filter(state=ReportState.ACCEPTED).select_related(
        "unit", "district", "category", "action"
    )
    return _filtered(activities, filters).prefetch_related(_photos())


def _photos():
    return Prefetch("files", queryset=ReportFile.objects.filter(kind="photo"), to_attr="photos")


def activities_for(user, *, campaign=None, state: str = "", filters=None) -> QuerySet:
    """The secretariat sees every report; a unit sees its own, in any state."""
    activities = ActivityReport.objects.select_related(
        "campaign", "unit", "district", "category", "action"
    )
    if campaign is not None:
        activities = activities.filter(campaign=campaign)
    if not is_secretariat(user):
        activities = activities.filter(unit_id__in=reporting_unit_ids(user))
    if state:
        activities = activities.filter(state=state)
    return _filtered(activities, filters).order_by("-created_at", "-pk")


def get_activity_for(user, pk) -> ActivityReport:
    return _get(activities_for(user).prefetch_related("files"), pk=pk)


def get_public_activity(campaign: Campaign, pk) -> ActivityReport:
    return _get(public_activities(campaign).prefetch_related("files"), pk=pk)


def activities_to_review() -> QuerySet[ActivityReport]:
    return ActivityReport.objects.filter(state=ReportState.SUBMITTED).select_related(
        "campaign", "unit", "category"
    )


def get_file_for(user, pk) -> ReportFile:
    """A file is public when its activity report is accepted in a published campaign."""
    file = _get(
        ReportFile.objects.select_related("activity__campaign", "progress_report__action"), pk=pk
    )
    activity = file.activity
    if activity is not None:
        if activity.state == ReportState.ACCEPTED and activity.campaign.is_published:
            return file
        if user.has_perm("campaigns.open_activity", activity):
            return file
        raise Http404
    if user.has_perm("campaigns.open_action", file.progress_report.action):
        return file
    raise Http404


def reporting_units(user) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=reporting_unit_ids(user), is_active=True)


# --- the digest ----------------------------------------------------------------------------


def totals(activities: QuerySet) -> dict:
    sums = activities.aggregate(
        activities=Count("pk"), **{field: Sum(field, default=0) for field in FIGURES}
    )
    return sums


def digest_of(campaign: Campaign) -> dict:
    """The yearly digest: every figure is a sum over accepted activity reports."""
    accepted = public_activities(campaign)
    base = campaign.activities.filter(state=ReportState.ACCEPTED)
    by = {}
    for name, field in (
        ("category", "category"),
        ("kind", "kind"),
        ("district", "district"),
        ("group", "group"),
    ):
        by[name] = list(
            base.values(field)
            .annotate(activities=Count("pk"), participants=Sum("participants"))
            .annotate(online_viewers=Sum("online_viewers"))
            .order_by("-activities", field)
        )
    categories = {category.pk: category for category in campaign.categories.all()}
    districts = {
        unit.pk: unit for unit in Unit.objects.filter(kind=UnitKind.DISTRICT, is_active=True)
    }
    kinds = dict(ActivityKind.choices)
    groups = dict(ReporterGroup.choices)
    for row in by["category"]:
        row["object"] = categories.get(row["category"])
    for row in by["kind"]:
        row["label"] = kinds.get(row["kind"], row["kind"])
    for row in by["district"]:
        row["object"] = districts.get(row["district"])
    for row in by["group"]:
        row["label"] = groups.get(row["group"], row["group"])
    map_rows = {row["district"]: row for row in by["district"]}
    district_map = [
        {
            "code": unit.division_code,
            "pk": unit.pk,
            "name": unit.display_name,
            "activities": map_rows.get(unit.pk, {}).get("activities", 0),
        }
        for unit in districts.values()
        if unit.division_code
    ]
    sections = []
    for group, label in ReporterGroup.choices:
        activities = [activity for activity in accepted if activity.group == group]
        if activities:
            sections.append({"group": group, "label": label, "activities": activities})
    return {
        "totals": totals(base),
        "by": by,
        "district_map": district_map,
        "sections": sections,
        "units": base.values("unit").distinct().count(),
    }


def units_with_reports(campaign: Campaign) -> QuerySet[Unit]:
    return Unit.objects.filter(
        Exists(
            ActivityReport.objects.filter(
                campaign=campaign, unit=OuterRef("pk"), state=ReportState.ACCEPTED
            )
        )
    )


CALENDAR_LANES = 4  # bars shown per week row; the rest are counted per day


@dataclass
class Segment:
    """One bar in a week row: an activity over `span` days from column `start` (or a gap)."""

    start: int
    span: int
    activity: ActivityReport | None = None
    continues_before: bool = False
    continues_after: bool = False


def month_weeks(campaign: Campaign, month: datetime.date, filters=None) -> list[dict]:
    """Weeks (Monday first) of `month`; each activity appears once per week as a bar over its
    days in that week (lanes of segments for the grid), and once in the week's list for phones.
    """
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    activities = list(
        public_activities(campaign, filters)
        .filter(starts_on__lte=last, ends_on__gte=first)
        .order_by("starts_on", "-ends_on", "title", "pk")
    )
    weeks = []
    for days in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        start, end = max(days[0], first), min(days[-1], last)
        items, pieces = [], []
        for activity in activities:
            if activity.starts_on > end or activity.ends_on < start:
                continue
            items.append(activity)
            begin, finish = max(activity.starts_on, start), min(activity.ends_on, end)
            pieces.append(
                Segment(
                    start=days.index(begin),
                    span=(finish - begin).days + 1,
                    activity=activity,
                    continues_before=activity.starts_on < begin,
                    continues_after=activity.ends_on > finish,
                )
            )
        lanes: list[list[Segment]] = []
        hidden = [0] * 7
        for piece in pieces:
            for lane in lanes:
                if lane[-1].start + lane[-1].span <= piece.start:
                    lane.append(piece)
                    break
            else:
                if len(lanes) < CALENDAR_LANES:
                    lanes.append([piece])
                else:
                    for column in range(piece.start, piece.start + piece.span):
                        hidden[column] += 1
        weeks.append(
            {
                "days": [
                    {
                        "day": day,
                        "in_month": day.month == first.month,
                        "activities": sum(1 for a in items if a.starts_on <= day <= a.ends_on),
                        "hidden": hidden[column],
                    }
                    for column, day in enumerate(days)
                ],
                "lanes": [_with_gaps(lane) for lane in lanes],
                "has_hidden": any(hidden),
                "start": start,
                "end": end,
                "activities": items,
            }
        )
    return weeks


def _with_gaps(lane: list[Segment]) -> list[Segment]:
    """The lane's bars with empty segments between them, filling the seven columns."""
    cells, column = [], 0
    for piece in lane:
        if piece.start > column:
            cells.append(Segment(start=column, span=piece.start - column))
        cells.append(piece)
        column = piece.start + piece.span
    if column < 7:
        cells.append(Segment(start=column, span=7 - column))
    return cells


def activity_reports_of_units(unit_ids, *, year: int | None = None) -> list[dict]:
    """Activity reports the units filed (a member unit's page and its participation)."""
    rows = ActivityReport.objects.filter(unit_id__in=unit_ids)
    if year:
        rows = rows.filter(starts_on__year=year)
    return [
        {"unit_id": unit_id, "pk": pk, "title": title, "day": starts_on, "state": state}
        for pk, unit_id, title, starts_on, state in rows.order_by("starts_on", "pk").values_list(
            "pk", "unit_id", "title", "starts_on", "state"
        )
    ]
