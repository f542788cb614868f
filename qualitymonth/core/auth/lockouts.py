"""Sign-in throttling: failures counted per user name (from any address) and per address (on any
user name), and the lockouts they cause listed and lifted.

Why the database and not the cache: django-axes' cache handler can neither list its counters nor
reset them by user name or address (its `reset` raises NotImplementedError, `axes_reset_username`
finds nothing), so a lockout kept in Redis could not be lifted. Failed attempts are therefore
always recorded with axes' database handler, whatever the cache: the database is shared by every
app server as Redis would be, the rows can be listed and deleted, and a failed sign-in is rare
enough that one row write costs nothing. The same code then works with the local-memory cache,
with Redis and without either.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from qualitymonth.core.services import log_action

USERNAME = "username"
ADDRESS = "address"


def _cooloff() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def _recent():
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - _cooloff())


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class SignInAttemptHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits: AXES_FAILURE_LIMIT failures on one user name from
    any address, LOGIN_ADDRESS_FAILURE_LIMIT failures from one address on any user names (higher:
    colleagues behind one office gateway share an address)."""

    def get_failures(self, request, credentials=None) -> int:
        recent = _recent()
        username = get_client_username(request, credentials)
        by_user = _failures(recent.filter(username=username)) if username else 0
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            # Axes compares this number with AXES_FAILURE_LIMIT: the address has spent its own.
            return max(by_user, settings.AXES_FAILURE_LIMIT)
        return by_user

    def reset_user_attempts(self, request, credentials=None) -> int:
        # A successful sign-in forgets only its own user name's failures from its own address:
        # forgetting the address's failures would let a sprayer with one valid account start
        # counting afresh after every success.
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


@dataclass(frozen=True)
class Lockout:
    kind: str  # USERNAME or ADDRESS
    value: str
    failures: int
    last_attempt: datetime

    @property
    def until(self) -> datetime:
        return self.last_attempt + _cooloff()


def current_lockouts() -> list[Lockout]:
    """User names and addresses that may not sign in now, most recent first."""
    recent = _recent()
    found = []
    for kind, field, limit in (
        (USERNAME, "username", settings.AXES_FAILURE_LIMIT),
        (ADDRESS, "ip_address", settings.LOGIN_ADDRESS_FAILURE_LIMIT),
    ):
        rows = (
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by()
        )
        found += [Lockout(kind, row[field], row["failures"], row["last"]) for row in rows]
    return sorted(found, key=lambda lockout: lockout.last_attempt, reverse=True)


@transaction.atomic
def lift_lockout(*, actor, kind: str, value: str) -> int:
    """Forget the failures of a user name or of an address; returns how many records went.
    Audited with the failures that were forgotten."""
    field = {USERNAME: "username", ADDRESS: "ip_address"}[kind]
    attempts = AccessAttempt.objects.filter(**{field: value})
    first = attempts.order_by("attempt_time").first()
    if first is None:
        return 0
    failures = _failures(attempts)
    log_action(
        actor=actor,
        action="sign_in.lockout_lift",
        obj=first,
        changes={kind: value, "failures": failures},
    )
    count, _ = attempts.delete()
    return count


@transaction.atomic
def lift_all_lockouts(*, actor) -> int:
    """Lift every current lockout (each audited) and forget every recorded failure."""
    count = sum(
        lift_lockout(actor=actor, kind=lockout.kind, value=lockout.value)
        for lockout in current_lockouts()
    )
    remaining, _ = AccessAttempt.objects.all().delete()
    return count + remaining
