"""Background work of the members app; `qualitymonth members_daily` queues it after midnight
in Shanghai."""

from django_tasks import task

from qualitymonth.members.services.reminders import send_renewal_reminders
from qualitymonth.members.services.terms import refresh_statuses


@task()
def refresh_member_statuses() -> int:
    return refresh_statuses()


@task()
def send_member_reminders() -> int:
    return send_renewal_reminders()


@task()
def compute_participation(year: int, requested_by: int | None = None) -> int:
    from qualitymonth.members.services.participation import compute

    return compute(year=year, requested_by_id=requested_by).pk
