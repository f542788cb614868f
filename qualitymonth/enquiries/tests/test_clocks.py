"""Working-day deadlines on the official calendar, as the time-limit table sets them."""

import datetime

import pytest

from qualitymonth.core.workdays import Calendar
from qualitymonth.enquiries.services.clocks import deadline, due_date

pytestmark = pytest.mark.django_db


def test_seven_working_days_from_before_national_day_skip_the_holiday_and_count_the_make_up_day():
    # Received Mon 28 Sep 2026: day one is 29 Sep; 1–7 Oct are holidays; Sat 10 Oct is worked.
    assert due_date(datetime.date(2026, 9, 28), 7, "working", Calendar()) == datetime.date(
        2026, 10, 13
    )


def test_seven_working_days_across_the_spring_festival():
    # Received Fri 13 Feb 2026; 15–23 Feb are holidays, Sat 14 and Sat 28 Feb are worked.
    assert due_date(datetime.date(2026, 2, 13), 7, "working", Calendar()) == datetime.date(
        2026, 3, 2
    )


def test_calendar_days_count_every_day():
    assert due_date(datetime.date(2026, 9, 28), 60, "calendar", Calendar()) == datetime.date(
        2026, 11, 27
    )


def test_a_year_whose_holidays_are_not_known_yet_counts_weekdays_and_says_so():
    # The calendar library knows no 2027 holidays: filing on 28 Dec 2026 must still work.
    due, provisional = deadline(datetime.date(2026, 12, 28), 7, "working", Calendar())
    assert provisional is True
    assert due == datetime.date(2027, 1, 6)  # Tue 29 Dec … Wed 6 Jan, weekends skipped


def test_a_known_year_is_not_provisional():
    assert deadline(datetime.date(2026, 9, 28), 7, "working", Calendar())[1] is False
