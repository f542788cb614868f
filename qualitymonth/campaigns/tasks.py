"""Background work of campaigns; run daily by `qualitymonth send_reminders` from cron or a timer."""

from django_tasks import task

from qualitymonth.campaigns.services.reminders import send_due_reminders


@task()
def send_action_reminders() -> int:
    return send_due_reminders()
