"""Reading the statutory clocks: running, overdue and near-the-deadline clocks, on-time rates.

The arithmetic of due dates is in services/clocks.py; this module only reads.
"""

import datetime

from django.db.models import F
from django.utils import timezone

from qualitymonth.core.workdays import Calendar
from qualitymonth.enquiries.models import Clock
from qualitymonth.enquiries.services.clocks import working_day_end

NEAR_WORKING_DAYS = 2  # "near the deadline": due within this many working days


def local_today() -> datetime.date:
    return timezone.localdate()


def running(units=None):
    clocks = Clock.objects.filter(stopped_on__isnull=True).select_related("case", "case__unit")
    return clocks if units is None else clocks.filter(case__unit__in=units)


def overdue(today: datetime.date, units=None):
    return running(units).filter(due_on__lt=today).order_by("due_on")


def near_until(today: datetime.date, calendar: Calendar | None = None) -> datetime.date:
    """The last due date that counts as "near the deadline" today."""
    return working_day_end(today, NEAR_WORKING_DAYS + 1, calendar or Calendar())[0]


def near_deadline(today: datetime.date, units=None, calendar: Calendar | None = None):
    horizon = near_until(today, calendar)
    return running(units).filter(due_on__gte=today, due_on__lte=horizon).order_by("due_on")


def on_time_rate(clocks) -> float | None:
    """Share of stopped clocks that stopped by their due date (None when none stopped)."""
    stopped = clocks.filter(stopped_on__isnull=False)
    total = stopped.count()
    if not total:
        return None
    return stopped.filter(stopped_on__lte=F("due_on")).count() / total
