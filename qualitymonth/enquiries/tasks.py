"""Background work of citizen services; `qualitymonth enquiry_reminders` runs it daily."""

from django_tasks import task

from qualitymonth.enquiries.services.reminders import send_deadline_reminders


@task()
def send_enquiry_reminders() -> int:
    return send_deadline_reminders()
