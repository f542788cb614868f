from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qualitymonth.core import backups


class Command(BaseCommand):
    help = _(
        "Back up the database and the uploaded files into one archive with a manifest of row "
        "counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help=_("Folder for the archive (default: $BACKUP_DIR or VAR_DIR/backups)."),
        )
        parser.add_argument(
            "--tar", action="store_true", help=_("Write one .tar file instead of a folder.")
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            default=None,
            help=_("Afterwards, delete this command's archives in the folder older than N days."),
        )

    def handle(self, *args, output, tar, keep_days, **options):
        output = output or backups.default_output()
        try:
            archive, manifest = backups.create_backup(output, as_tar=tar)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Backup written: %(path)s") % {"path": archive})
        tables = manifest["database"]["tables"]
        self.stdout.write(
            _("%(tables)d tables, %(rows)d rows, %(files)d uploaded files.")
            % {"tables": len(tables), "rows": sum(tables.values()), "files": len(manifest["media"])}
        )
        if keep_days is not None:
            for path in backups.prune_backups(output, keep_days=keep_days):
                self.stdout.write(_("Deleted old backup: %(path)s") % {"path": path})
