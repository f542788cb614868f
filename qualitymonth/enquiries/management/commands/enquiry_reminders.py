from django.core.management.base import BaseCommand

from qualitymonth.enquiries.services.reminders import send_deadline_reminders
from qualitymonth.enquiries.tasks import send_enquiry_reminders


class Command(BaseCommand):
    help = (
        "E-mail each handling unit a digest of its citizen cases past or near their time limit "
        "(run once a day; a second run the same day sends nothing new)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the work for the task worker instead of doing it now.",
        )

    def handle(self, *args, queue=False, **options):
        if queue:
            result = send_enquiry_reminders.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        units = send_deadline_reminders()
        self.stdout.write(f"{units} unit(s) reminded")
