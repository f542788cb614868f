"""A term's status over its boundaries, turning at midnight in Shanghai (UTC+8)."""

import datetime

import pytest

from qualitymonth.members.models import Status, StatusRules, TermChange
from qualitymonth.members.selectors import is_member_in_good_standing
from qualitymonth.members.services.terms import add_term, refresh_statuses

pytestmark = pytest.mark.django_db


def at_shanghai(day: str, hour: int, minute: int = 0) -> datetime.datetime:
    local = datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute)
    return local.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def test_a_term_goes_new_current_grace_expired_each_at_midnight_in_shanghai(
    membership, member_type, secretariat
):
    StatusRules.objects.create(new_days=90, grace_days=30)
    term = add_term(
        actor=secretariat,
        membership=membership,
        type=member_type,
        starts_on=datetime.date(2026, 1, 1),
    )
    assert term.ends_on == datetime.date(2026, 12, 31)
    steps = [
        # 23:59 on 31 Dec 2025 in Shanghai is 15:59 UTC: not started yet.
        (at_shanghai("2025-12-31", 23, 59), Status.PENDING),
        (at_shanghai("2026-01-01", 0, 0), Status.NEW),
        (at_shanghai("2026-03-31", 23, 59), Status.NEW),
        (at_shanghai("2026-04-01", 0, 0), Status.CURRENT),
        (at_shanghai("2026-12-31", 23, 59), Status.CURRENT),
        (at_shanghai("2027-01-01", 0, 0), Status.GRACE),
        (at_shanghai("2027-01-30", 23, 59), Status.GRACE),
        (at_shanghai("2027-01-31", 0, 0), Status.EXPIRED),
    ]
    for moment, expected in steps:
        refresh_statuses(now=moment)
        term.refresh_from_db()
        assert term.status == expected, (moment, term.status)
    changes = [c.changes["status"] for c in TermChange.objects.filter(term=term, what="status")]
    # Created today (the test's real date) and stepped from 2025 on; each step is recorded.
    assert changes[-4:] == [
        ["pending", "new"],
        ["new", "current"],
        ["current", "grace"],
        ["grace", "expired"],
    ]


def test_rights_end_with_the_grace_unless_the_rules_keep_them_only_to_the_term_end(
    membership, member_type, secretariat
):
    rules = StatusRules.objects.create(new_days=0, grace_days=30, rights_in_grace=True)
    add_term(
        actor=secretariat,
        membership=membership,
        type=member_type,
        starts_on=datetime.date(2026, 1, 1),
    )
    unit = membership.unit
    assert is_member_in_good_standing(unit, on=datetime.date(2027, 1, 15))
    assert not is_member_in_good_standing(unit, on=datetime.date(2027, 1, 31))
    rules.rights_in_grace = False
    rules.save()
    assert is_member_in_good_standing(unit, on=datetime.date(2026, 12, 31))
    assert not is_member_in_good_standing(unit, on=datetime.date(2027, 1, 1))
