from django.core.management.base import BaseCommand

from qualitymonth.campaigns.tasks import send_action_reminders


class Command(BaseCommand):
    help = "Queue today's due-date reminders for plan actions (run once a day)."

    def handle(self, *args, **options):
        result = send_action_reminders.enqueue()
        self.stdout.write(f"queued {result.id}")
