"""Standard numbers: T/SAQ 001—2026, unique and sequential per year."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from qualitymonth.core.models import AuditEntry
from qualitymonth.standards import services
from qualitymonth.standards.models import State
from qualitymonth.standards.tests.conftest import reviewed

D = datetime.date


def publish(secretariat, standard, approved=None, **kwargs):
    approved = approved or D(2026, 5, 1)
    return services.publish(
        actor=secretariat,
        standard=standard,
        approved_on=approved,
        implemented_on=approved + datetime.timedelta(days=30),
        **kwargs,
    )


def test_numbers_are_sequential_within_a_year_and_restart_the_next(secretariat, enterprise):
    first = publish(secretariat, reviewed(secretariat, enterprise, title="甲"))
    second = publish(secretariat, reviewed(secretariat, enterprise, title="乙"))
    next_year = publish(secretariat, reviewed(secretariat, enterprise, title="丙"), D(2027, 1, 5))
    assert [first.number, second.number, next_year.number] == [
        "T/SAQ 001—2026",
        "T/SAQ 002—2026",
        "T/SAQ 001—2027",
    ]


def test_the_prefix_comes_from_the_setting(settings, secretariat, enterprise):
    settings.STANDARDS_NUMBER_PREFIX = "T/SHZX"
    assert publish(secretariat, reviewed(secretariat, enterprise)).number == "T/SHZX 001—2026"


def test_a_given_number_already_used_is_refused_and_nothing_changes(secretariat, enterprise):
    publish(secretariat, reviewed(secretariat, enterprise, title="甲"), number="T/SAQ 012—2026")
    second = reviewed(secretariat, enterprise, title="乙")
    with pytest.raises(ValidationError, match="T/SAQ 012—2026 is already used"):
        publish(secretariat, second, number="T/SAQ 012—2026")
    second.refresh_from_db()
    assert (second.state, second.number) == (State.REVIEW, None)
    # The next allocated number follows the highest given.
    assert publish(secretariat, second).number == "T/SAQ 013—2026"


def test_a_number_in_another_form_is_refused(secretariat, enterprise):
    with pytest.raises(ValidationError, match="Write the number as T/SAQ 001—2026"):
        publish(secretariat, reviewed(secretariat, enterprise), number="SAQ-12")


def test_publication_before_the_review_passed_is_refused(secretariat, enterprise):
    failed = reviewed(secretariat, enterprise, decision="fail")
    with pytest.raises(ValidationError, match="only after its review has passed"):
        publish(secretariat, failed)
    failed.refresh_from_db()
    assert (failed.state, failed.number) == (State.REVIEW, None)
    assert not AuditEntry.objects.filter(action="standard.published").exists()


def test_publication_is_audited_with_its_number(secretariat, enterprise):
    standard = publish(secretariat, reviewed(secretariat, enterprise))
    entry = AuditEntry.objects.get(action="standard.published", object_id=str(standard.pk))
    assert entry.actor == secretariat
    assert entry.changes["number"] == [None, "T/SAQ 001—2026"]
