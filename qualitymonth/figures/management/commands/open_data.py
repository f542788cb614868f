from django.core.management.base import BaseCommand

from qualitymonth.figures.services_open_data import build_open_data
from qualitymonth.figures.tasks import build_open_data_task


class Command(BaseCommand):
    help = (
        "Build the open-data ZIP of CSV files and the API's rows (run nightly; when nothing "
        "changed the latest download is kept)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the work for the task worker instead of doing it now.",
        )

    def handle(self, *args, queue=False, **options):
        if queue:
            result = build_open_data_task.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        export = build_open_data()
        self.stdout.write(f"open data of {export.created_at:%Y-%m-%d %H:%M}: {export.size} bytes")
