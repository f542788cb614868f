from django.core.management.base import BaseCommand

from qualitymonth.search import services, tasks
from qualitymonth.search.models import Kind


class Command(BaseCommand):
    help = "Rebuild the site search index from the public posts, events, award rounds and units."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", choices=Kind.values, help="only this kind")
        parser.add_argument(
            "--background", action="store_true", help="queue the rebuild for the worker"
        )

    def handle(self, *args, kind=None, background=False, **options):
        if background:
            tasks.rebuild_index.enqueue(kinds=kind)
            self.stdout.write("Rebuild queued for the worker.")
            return
        counts = services.rebuild(
            kinds=kind, progress=lambda k, n: self.stdout.write(f"{k}: {n} entries")
        )
        self.stdout.write(f"Indexed {sum(counts.values())} entries.")
