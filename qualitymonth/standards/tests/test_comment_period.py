"""The public comment period: working days of the platform's calendar, closing at midnight
in Shanghai; comments refused after it and on earlier drafts."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from qualitymonth.standards import services
from qualitymonth.standards.models import Comment
from qualitymonth.standards.services import ClauseLine
from qualitymonth.standards.tests.conftest import close_comments, drafted, in_comment

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_the_period_skips_the_national_day_holiday_and_counts_the_make_up_saturday(
    secretariat, enterprise
):
    # From Mon 28 Sep 2026: 28, 29, 30 Sep; 1–7 Oct holiday; 8, 9 Oct; Sat 10 Oct is a
    # make-up working day, so six working days end on that Saturday.
    standard = drafted(secretariat, enterprise)
    services.open_public_comment(
        actor=secretariat, standard=standard, opens_on=datetime.date(2026, 9, 28), working_days=6
    )
    standard.refresh_from_db()
    assert standard.comment_closes_at == datetime.datetime(2026, 10, 11, tzinfo=SHANGHAI)


def test_five_working_days_end_on_the_friday_after_the_holiday(secretariat, enterprise):
    closes = services.comment_close(datetime.date(2026, 9, 28), 5)
    assert closes.astimezone(SHANGHAI) == datetime.datetime(2026, 10, 10, tzinfo=SHANGHAI)


def test_a_comment_after_the_close_is_refused(secretariat, enterprise, citizen):
    standard = in_comment(secretariat, enterprise)
    clause = services.current_version(standard).clauses.get(number="1")
    close_comments(standard)
    with pytest.raises(ValidationError, match="public comment period of this standard is closed"):
        services.add_comment(actor=citizen, clause=clause, kind="te", comment="范围太窄")
    assert not Comment.objects.exists()


def test_a_comment_on_a_clause_of_an_earlier_draft_is_refused(secretariat, enterprise, citizen):
    standard = drafted(secretariat, enterprise)
    old_clause = services.current_version(standard).clauses.get(number="1")
    services.add_version(
        actor=secretariat, standard=standard, clauses=[ClauseLine("1", "范围", "新的范围。")]
    )
    standard = in_comment_now(secretariat, standard)
    with pytest.raises(ValidationError, match="belongs to an earlier draft"):
        services.add_comment(actor=citizen, clause=old_clause, kind="ed", comment="错字")
    assert not Comment.objects.exists()


def in_comment_now(actor, standard):
    from django.utils import timezone

    opens = timezone.localdate() - datetime.timedelta(days=1)
    services.open_public_comment(actor=actor, standard=standard, opens_on=opens, working_days=10)
    standard.refresh_from_db()
    return standard


def test_a_comment_in_the_period_is_kept_with_its_unit(secretariat, enterprise, enterprise_admin):
    standard = in_comment(secretariat, enterprise)
    clause = services.current_version(standard).clauses.get(number="3.1")
    services.add_comment(
        actor=enterprise_admin,
        clause=clause,
        kind="te",
        comment="定义不清",
        proposed_change="改为：……",
        unit=enterprise,
    )
    saved = Comment.objects.get()
    assert (saved.clause.number, saved.unit, saved.get_kind_display()) == (
        "3.1",
        enterprise,
        "technical",
    )
