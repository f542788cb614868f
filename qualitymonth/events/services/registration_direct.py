"""The common registration in one round trip: an open, published event that asks no
questions, registered for without an invitation (PostgreSQL only).

`register` (registration.py) is given the event and venue its caller read. Here nothing is
read first: the statement that decides the seat under the event's lock also finds the venue
and checks the event still admits anyone (registration_fast.register_directly). When it
writes nothing, the caller reads the event and registers the usual way, which names the
reason (closed, members only, questions to answer, registered already…).
"""

from qualitymonth.events.models import Registration
from qualitymonth.events.services import registration_fast as fast_path
from qualitymonth.events.services.registration import contact_or_errors, same_person_sql
from qualitymonth.events.services.tickets import send_ticket


def register_at_once(
    *,
    actor,
    event_pk: int,
    venue_pk: int | None,
    name: str,
    phone: str,
    email: str = "",
    site_url: str | None = None,
) -> Registration | None:
    """The registration, decided and stored; None when this way does not apply (SQLite,
    input with errors, or nothing written) and the caller must register the usual way."""
    if not fast_path.available():
        return None
    name, phone, email, errors = contact_or_errors(name, phone, email)
    if errors:
        return None  # the usual way names each field's error
    user = actor if actor is not None and actor.is_authenticated else None
    registration = Registration(user=user, name=name, phone=phone, email=email, answers={})
    decided = fast_path.register_directly(
        registration,
        event_pk=event_pk,
        venue_pk=venue_pk,
        actor=actor,
        same=same_person_sql(user=user, phone=phone),
    )
    if not decided:
        return None
    send_ticket(registration, site_url=site_url)
    return registration
