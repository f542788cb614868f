from django.core.management.base import BaseCommand

from qualitymonth.members.tasks import refresh_member_statuses, send_member_reminders


class Command(BaseCommand):
    help = "Queue the members' daily work: statuses for today, then renewal reminders."

    def handle(self, *args, **options):
        for task in (refresh_member_statuses, send_member_reminders):
            result = task.enqueue()
            self.stdout.write(f"queued {result.id}")
