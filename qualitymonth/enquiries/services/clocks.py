"""Statutory clocks: due dates from the time-limit table, counted on the official calendar.

The day a step starts is not counted (Civil Code, Art. 201): a limit of 7 working days on a
complaint received on a Monday runs from Tuesday. Working days follow `core.workdays`, so
National Day, the Spring Festival and their make-up working days are honoured.
"""

import datetime

from django.core.exceptions import ValidationError

from qualitymonth.core.workdays import Calendar
from qualitymonth.enquiries.models import Case, Clock, DayType, TimeLimit
from qualitymonth.enquiries.statuses import STEPS


def working_day_end(
    start: datetime.date, days: int, calendar: Calendar
) -> tuple[datetime.date, bool]:
    """The last day of `days` working days from `start`, and whether it is provisional.

    Before the State Council publishes a year's holidays (and nobody has entered them), Monday
    to Friday are counted so that filing never fails; such a due date is marked provisional.
    """
    try:
        return calendar.last_of_period(start, days), False
    except ValidationError as error:
        if getattr(error, "code", None) != "calendar_not_covered":
            raise
    day, left = start, days
    while True:
        left -= day.weekday() < 5
        if not left:
            return day, True
        day += datetime.timedelta(days=1)


def deadline(
    start: datetime.date, days: int, day_type: str, calendar: Calendar
) -> tuple[datetime.date, bool]:
    """Due date of a step starting on `start` (not counted), and whether it is provisional."""
    if day_type == DayType.CALENDAR:
        return start + datetime.timedelta(days=days), False
    return working_day_end(start + datetime.timedelta(days=1), days, calendar)


def due_date(start: datetime.date, days: int, day_type: str, calendar: Calendar) -> datetime.date:
    return deadline(start, days, day_type, calendar)[0]


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
            due_on, provisional = deadline(on, limit.days, limit.day_type, calendar)
            Clock.objects.create(
                case=case,
                step=step,
                started_on=on,
                due_on=due_on,
                provisional=provisional,
                days=limit.days,
                day_type=limit.day_type,
                source=limit.source,
            )
