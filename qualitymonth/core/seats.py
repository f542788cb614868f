"""Places with a waiting list: who gets a place, who waits, who takes a freed place, and that a
place may wait for approval. The events' registrations follow it, and through them the
training classes, whose enrolments are registrations for the class's event. The caller keeps
its rows and its lock (events lock the event) and counts the places taken under it; here is
the rule. The events' PostgreSQL fast path (events.services.registration_fast) decides
`status_for` in its one statement too: a change to the rule is made there as well.
"""

from django.db.models import QuerySet

from qualitymonth.core.services import log_action

# The status values stored (the registrations' TextChoices give them labels).
PENDING = "pending"
CONFIRMED = "confirmed"
WAITING = "waiting"
HOLDS_SEAT = (PENDING, CONFIRMED)


def with_seat(requires_approval: bool) -> str:
    """The status of a place: awaiting approval where approval is required."""
    return PENDING if requires_approval else CONFIRMED


def status_for(*, capacity: int | None, taken: int, requires_approval: bool) -> str:
    """A place while any is free (no capacity: always), else the waiting list."""
    if capacity is not None and taken >= capacity:
        return WAITING
    return with_seat(requires_approval)


def promote_first(
    waiting: QuerySet,
    *,
    capacity: int | None,
    taken: int,
    requires_approval: bool,
    actor,
    action: str,
    order: tuple[str, ...],
    lock: bool = False,
):
    """The longest-waiting row of `waiting` takes a freed place (awaiting approval where
    that is required), with an audit record; None when no place is free or nobody waits.
    The caller holds the lock under which `taken` was counted."""
    if capacity is not None and taken >= capacity:
        return None
    if lock:
        waiting = waiting.select_for_update(of=("self",))
    first = waiting.filter(status=WAITING).order_by(*order).first()
    if first is None:
        return None
    first.status = with_seat(requires_approval)
    first.save(update_fields=["status"])
    log_action(actor=actor, action=action, obj=first, changes={"status": [WAITING, first.status]})
    return first
