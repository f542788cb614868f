import datetime

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qualitymonth.core.uploads import remove_orphan_files
from qualitymonth.core.uploads_resumable import remove_abandoned_uploads


class Command(BaseCommand):
    help = _(
        "Delete uploaded files that no record names (left by a killed process or an abandoned "
        "submission) and unfinished resumable uploads that received nothing, once they are "
        "older than --hours; run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=24, help=_("Minimum age in hours (default 24).")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("List the files; delete nothing.")
        )

    def handle(self, *args, hours, dry_run, **options):
        older_than = datetime.timedelta(hours=max(hours, 1))
        removed = remove_orphan_files(older_than=older_than, dry_run=dry_run)
        removed += remove_abandoned_uploads(older_than=older_than, dry_run=dry_run)
        for name in removed:
            self.stdout.write(name)
        if dry_run:
            message = ngettext(
                "%(count)d file would be removed.",
                "%(count)d files would be removed.",
                len(removed),
            )
        else:
            message = ngettext("%(count)d file removed.", "%(count)d files removed.", len(removed))
        self.stdout.write(message % {"count": len(removed)})
