from django.core.management.base import BaseCommand

from qualitymonth.publishing.tasks import publish_due_posts


class Command(BaseCommand):
    help = "Queue the publishing round: scheduled posts now due, expired posts (run often)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Run the round here instead of queueing it."
        )

    def handle(self, *args, **options):
        if options["now"]:
            self.stdout.write(str(publish_due_posts.call()))
            return
        result = publish_due_posts.enqueue()
        self.stdout.write(f"queued {result.id}")
