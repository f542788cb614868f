from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from qualitymonth.core import backups


class Command(BaseCommand):
    help = _(
        "Restore a backup into the configured database and MEDIA_ROOT, after checking every "
        "checksum; then count the rows again and compare them with the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help=_("A backup folder or .tar file."))
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("Replace a database and uploaded files that are not empty."),
        )

    def handle(self, *args, archive, yes, **options):
        try:
            report = backups.restore_backup(archive, replace=yes)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        headings = (
            pgettext("restore report", "table"),
            pgettext("restore report", "in backup"),
            pgettext("restore report", "restored"),
        )
        width = max((len(name) for name, _before, _after in report.tables), default=10)
        self.stdout.write(f"{headings[0]:<{width}}  {headings[1]:>10}  {headings[2]:>10}")
        for name, before, after in report.tables:
            mark = "" if before == after else "  ≠"
            self.stdout.write(f"{name:<{width}}  {_count(before):>10}  {_count(after):>10}{mark}")
        self.stdout.write(
            _("Uploaded files: %(n)d restored, %(bad)d differ from the backup.")
            % {"n": report.files, "bad": len(report.bad_files)}
        )
        for name in report.bad_files:
            self.stdout.write(f"  ≠ {name}")
        if not report.ok:
            raise CommandError(
                _("The restored data differs from the backup in %(n)d places (marked ≠ above).")
                % {"n": len(report.differences) + len(report.bad_files)}
            )
        self.stdout.write(_("Restored: every table count and file checksum equals the backup."))
        if report.pending_migrations:
            self.stdout.write(
                ngettext(
                    "This version has %(n)d migration the backup had not applied: run "
                    "`qualitymonth migrate` now.",
                    "This version has %(n)d migrations the backup had not applied: run "
                    "`qualitymonth migrate` now.",
                    report.pending_migrations,
                )
                % {"n": report.pending_migrations}
            )


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)
