"""Statutory clocks: due dates from the time-limit table, counted on the official calendar.

The day a step starts is not counted (Civil Code, Art. 201): a limit of 7 working days on a
complaint received on a Monday runs from Tuesday. Working days follow `core.workdays`, so
National Day, the Spring Festival and their make-up working days are honoured.
"""

import datetime

from django.db.models import F
from django.utils import timezone

from qualitymonth.core.workdays import Calendar
from qualitymonth.enquiries.models import Case, Clock, DayType, TimeLimit
from qualitymonth.enquiries.statuses import STEPS

NEAR_WORKING_DAYS = 2  # "near the deadline": due within this many working days


def due_date(start: datetime.date, days: int, day_type: str, calendar: Calendar) -> datetime.date:
    following = start + datetime.timedelta(days=1)
    if day_type == DayType.CALENDAR:
        return start + datetime.timedelta(days=days)
    return calendar.last_of_period(following, days)


def move_clocks(case: Case, status: str, on: datetime.date, calendar: Calendar | None = None):
    """Stop the clocks this status ends and start the one it begins."""
    for clock in case.clocks.filter(stopped_on__isnull=True):
        _kind, _start, stops = STEPS[clock.step]
        if status in stops:
            clock.stopped_on = on
            clock.save(update_fields=["stopped_on"])
    for step, (kind, start, _stops) in STEPS.items():
        if kind == case.kind and start == status:
            limit = TimeLimit.objects.filter(step=step).first()
            if limit is None:
                continue  # a step the secretariat chose not to time
            calendar = calendar or Calendar()
            Clock.objects.create(
                case=case,
                step=step,
                started_on=on,
                due_on=due_date(on, limit.days, limit.day_type, calendar),
                days=limit.days,
                day_type=limit.day_type,
                source=limit.source,
            )


def local_today() -> datetime.date:
    return timezone.localdate()


def running(units=None):
    clocks = Clock.objects.filter(stopped_on__isnull=True).select_related("case", "case__unit")
    return clocks if units is None else clocks.filter(case__unit__in=units)


def overdue(today: datetime.date, units=None):
    return running(units).filter(due_on__lt=today).order_by("due_on")


def near_deadline(today: datetime.date, units=None, calendar: Calendar | None = None):
    calendar = calendar or Calendar()
    horizon = calendar.last_of_period(today, NEAR_WORKING_DAYS + 1)
    return running(units).filter(due_on__gte=today, due_on__lte=horizon).order_by("due_on")


def on_time_rate(clocks) -> float | None:
    """Share of stopped clocks that stopped by their due date (None when none stopped)."""
    stopped = clocks.filter(stopped_on__isnull=False)
    total = stopped.count()
    if not total:
        return None
    return stopped.filter(stopped_on__lte=F("due_on")).count() / total
