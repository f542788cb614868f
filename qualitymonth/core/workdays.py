"""Working days in mainland China: official holidays and make-up working days (调休).

Deadlines in working days (public notice periods, complaint time limits) are counted here.
The `chinesecalendar` library carries each year's arrangement published by the State Council;
days entered as `CalendarDay` rows win over it, so a year the library does not know yet can be
entered by the secretariat instead of waiting for a release.
"""

import datetime

import chinese_calendar
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qualitymonth.core.models import CalendarDay

# Long enough for any statutory period; stops a runaway count on a bad argument.
MAX_WORKING_DAYS = 400

# The last year whose arrangement the installed library carries.
LIBRARY_LAST_YEAR = max(chinese_calendar.holidays).year


class Calendar:
    """Answers "is this a working day?", reading the hand-entered days once per calendar."""

    def __init__(self):
        self._entered = dict(CalendarDay.objects.values_list("date", "is_workday"))
        self._entered_years = {day.year for day in self._entered}

    def is_workday(self, day: datetime.date) -> bool:
        if day in self._entered:
            return self._entered[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if day.year in self._entered_years:
                return day.weekday() < 5  # the year's arrangement was entered by hand
            raise ValidationError(
                _(
                    "The holiday calendar does not know %(year)s yet. Enter that year's official "
                    "holidays and make-up working days under Calendar days, or update the "
                    "calendar library."
                )
                % {"year": day.year},
                code="calendar_not_covered",
            ) from None

    def known_until(self) -> datetime.date:
        """The last day whose arrangement is known, from the library or entered by hand."""
        return datetime.date(max([LIBRARY_LAST_YEAR, *self._entered_years]), 12, 31)

    def latest_start_ending_by(self, end: datetime.date, working_days: int) -> datetime.date:
        """The latest day a period of `working_days` working days can begin and still end by
        `end`: the `working_days`-th working day counted back from `end`."""
        if not 1 <= working_days <= MAX_WORKING_DAYS:
            raise ValueError("working_days out of range")
        day, counted = end, 0
        while True:
            if self.is_workday(day):
                counted += 1
                if counted == working_days:
                    return day
            day -= datetime.timedelta(days=1)

    def first_workday_from(self, day: datetime.date) -> datetime.date:
        """`day` itself when it is a working day, else the next working day."""
        for _step in range(MAX_WORKING_DAYS):
            if self.is_workday(day):
                return day
            day += datetime.timedelta(days=1)
        raise ValueError("no working day found")

    def last_of_period(self, start: datetime.date, working_days: int) -> datetime.date:
        """The last day of a period of `working_days` working days beginning on `start`.

        The first working day on or after `start` counts as day one.
        """
        if not 1 <= working_days <= MAX_WORKING_DAYS:
            raise ValueError("working_days out of range")
        day = self.first_workday_from(start)
        counted = 1
        while counted < working_days:
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days from `start` to `end`, both included (0 when `end` is before `start`)."""
        count = 0
        day = start
        while day <= end:
            count += self.is_workday(day)
            day += datetime.timedelta(days=1)
        return count
