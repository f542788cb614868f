"""Working days on the official calendar: holidays, make-up working days, years not yet known."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from qualitymonth.core.models import CalendarDay
from qualitymonth.core.workdays import Calendar

day = datetime.date


@pytest.mark.django_db
def test_seven_working_days_across_national_day_2025_count_the_make_up_saturday():
    # Friday 26 Sep; Sunday 28 Sep is a make-up working day; 1–8 Oct are off;
    # Saturday 11 Oct is a make-up working day and the seventh.
    assert Calendar().last_of_period(day(2025, 9, 26), 7) == day(2025, 10, 11)


@pytest.mark.django_db
def test_a_period_published_on_a_holiday_starts_on_the_next_working_day():
    calendar = Calendar()
    assert calendar.first_workday_from(day(2025, 10, 3)) == day(2025, 10, 9)
    assert calendar.last_of_period(day(2025, 10, 3), 1) == day(2025, 10, 9)


@pytest.mark.django_db
def test_national_day_2026_with_mid_autumn_the_day_before_the_weekend():
    # 25 Sep 2026 (Mid-Autumn) and 1–7 Oct are off; 20 Sep and 10 Oct are make-up days.
    assert Calendar().last_of_period(day(2026, 9, 24), 7) == day(2026, 10, 10)


@pytest.mark.django_db
def test_spring_festival_2026_is_skipped():
    # 15–23 Feb 2026 are off; 14 and 28 Feb are make-up Saturdays.
    assert Calendar().last_of_period(day(2026, 2, 13), 3) == day(2026, 2, 24)


@pytest.mark.django_db
def test_a_year_the_library_does_not_know_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        Calendar().last_of_period(day(2099, 3, 2), 7)
    assert "2099" in error.value.messages[0]


@pytest.mark.django_db
def test_days_entered_by_hand_cover_a_year_the_library_does_not_know():
    CalendarDay.objects.create(date=day(2099, 1, 1), is_workday=False, note="元旦")
    # Thursday 1 Jan 2099 is off: the period from it runs Fri 2, Mon 5, Tue 6.
    assert Calendar().last_of_period(day(2099, 1, 1), 3) == day(2099, 1, 6)


@pytest.mark.django_db
def test_a_day_entered_by_hand_wins_over_the_library():
    CalendarDay.objects.create(date=day(2025, 10, 10), is_workday=False, note="test")
    assert Calendar().last_of_period(day(2025, 10, 9), 2) == day(2025, 10, 11)


@pytest.mark.django_db
def test_the_calendar_knows_up_to_the_end_of_the_last_year_entered_by_hand():
    calendar = Calendar()
    assert calendar.known_until() < day(2099, 1, 1)
    CalendarDay.objects.create(date=day(2099, 1, 1), is_workday=False, note="元旦")
    assert Calendar().known_until() == day(2099, 12, 31)


@pytest.mark.django_db
def test_the_latest_start_of_a_period_counts_back_over_national_day_2026():
    # Ending by Sunday 11 Oct 2026: Sunday is off, Saturday 10 (make-up), Friday 9 and
    # Thursday 8 are working days; 1–7 Oct are off, so four working days begin on 30 Sep.
    calendar = Calendar()
    assert calendar.latest_start_ending_by(day(2026, 10, 11), 4) == day(2026, 9, 30)
    assert calendar.last_of_period(day(2026, 9, 30), 4) == day(2026, 10, 10)
