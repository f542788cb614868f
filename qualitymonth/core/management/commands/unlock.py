from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qualitymonth.core.auth import lockouts


class Command(BaseCommand):
    help = _("Lift sign-in lockouts: of a user name, of an address, or all of them.")

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--username", help=_("Lift the lockout of this user name."))
        which.add_argument("--address", help=_("Lift the lockout of this client address."))
        which.add_argument(
            "--all", action="store_true", help=_("Lift every lockout and forget every failure.")
        )

    def handle(self, *args, username, address, all, **options):
        if all:
            count = lockouts.lift_all_lockouts(actor=None)
        elif username:
            count = lockouts.lift_lockout(actor=None, kind=lockouts.USERNAME, value=username)
        elif address:
            count = lockouts.lift_lockout(actor=None, kind=lockouts.ADDRESS, value=address)
        else:
            raise CommandError(_("Name a user name, an address, or --all."))
        self.stdout.write(_("Failed sign-ins forgotten: %(count)s.") % {"count": count})
