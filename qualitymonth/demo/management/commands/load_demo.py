from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qualitymonth.demo.loader import FixtureError, load_all


class Command(BaseCommand):
    help = _("Load the demo data built from the source documents (safe to run again).")

    def handle(self, *args, **options):
        try:
            report = load_all()
        except FixtureError as error:
            raise CommandError(str(error)) from error
        for name, counts in report.items():
            self.stdout.write(
                f"{name}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
