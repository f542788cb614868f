"""Moving class enrolments onto their class's event loses nothing: each enrolment becomes a
registration with its status, its code (the trainees' QR codes stay valid) and its place in
the waiting list, and the attendance recorded before is still the enrolment's.

Enrolments are written at the migration state before the move, with the models of that
state, then the database is migrated forward and every row is read back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from conftest import make_person
from qualitymonth.training.models import ClassEnrolment, TrainingClass

BEFORE = [("training", "0008_youth_invigilation_approval")]
AFTER = [("training", "0009_classes_backed_by_events")]
STATUSES = ["confirmed", "confirmed", "waiting", "waiting", "cancelled", "pending"]


def _migrate(targets):
    """Migrate to `targets`; the models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


# Transactional: SQLite changes a table's shape only outside a transaction.
@pytest.mark.django_db(transaction=True)
def test_enrolments_become_registrations_of_the_classs_event_with_their_codes():
    people = [make_person(f"p{n}") for n in range(len(STATUSES))]
    try:
        old = _migrate(BEFORE)
        old_class = old.get_model("training", "TrainingClass").objects.create(
            key="cqo", title="首席质量官培训班", capacity=2, requires_approval=True
        )
        start = timezone.now() + datetime.timedelta(days=10)
        session = old.get_model("training", "ClassSession").objects.create(
            training_class=old_class,
            title="第一讲",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            venue="培训中心",
        )
        old_enrolment = old.get_model("training", "ClassEnrolment")
        earlier = timezone.now() - datetime.timedelta(days=1)
        codes = {}
        # Written newest first: the waiting list's order is the enrolments' dates, not the rows'.
        for n, (person, status) in reversed(list(enumerate(zip(people, STATUSES, strict=True)))):
            enrolment = old_enrolment.objects.create(
                training_class=old_class, user_id=person.pk, status=status
            )
            old_enrolment.objects.filter(pk=enrolment.pk).update(
                enrolled_at=earlier + datetime.timedelta(minutes=n)
            )
            codes[person.username] = enrolment.code
        attended = old_enrolment.objects.get(user_id=people[0].pk)
        old.get_model("training", "SessionAttendance").objects.create(
            session=session, enrolment=attended
        )

        _migrate(AFTER)

        training_class = TrainingClass.objects.get(key="cqo")
        event = training_class.event
        assert event.kind == "training" and not event.is_published
        assert event.requires_approval and event.starts_at == start
        assert [(v.name, v.capacity) for v in event.venues.all()] == [("培训中心", 2)]
        enrolments = ClassEnrolment.objects.select_related("registration", "user")
        assert {e.user.username: (e.status, e.code) for e in enrolments} == {
            person.username: (status, codes[person.username])
            for person, status in zip(people, STATUSES, strict=True)
        }
        assert all(e.registration.event_id == event.pk for e in enrolments)
        waiting = event.registrations.filter(status="waiting").order_by("created_at", "pk")
        assert [r.user.username for r in waiting] == ["p2", "p3"]
        assert ClassEnrolment.objects.get(user=people[0]).attended.count() == 1
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
