import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from qualitymonth.demo.loader import DEMO_PASSWORD
from qualitymonth.organizations.models import User


class Command(BaseCommand):
    help = _("Migrate the database, load the demo data and serve the platform.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help=_("Stop after loading the demo data.")
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, no_serve, addrport, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            _("Database ready: %(db)s") % {"db": settings.DATABASES["default"]["NAME"]}
        )
        call_command("load_demo", stdout=self.stdout)
        if "OTP_REQUIRED" not in os.environ:
            # The local demo server lets the secretariat and case handlers in without a second
            # factor (no phone needed to look around); set OTP_REQUIRED=true to try it.
            settings.OTP_REQUIRED = False
        self._print_accounts(addrport)
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)

    def _print_accounts(self, addrport):
        self.stdout.write("")
        self.stdout.write(_("Open http://%(addr)s/ and sign in as:") % {"addr": addrport})
        for user in User.objects.filter(username__in=_DEMO_ACCOUNTS).order_by("id"):
            roles = ", ".join(
                f"{p.get_role_display()} @ {p.unit.name}" for p in user.positions.all()
            ) or _("citizen")
            self.stdout.write(f"  {user.username:<18} {roles}")
        self.stdout.write(_("Password for every demo account: %(pw)s") % {"pw": DEMO_PASSWORD})
        if not settings.OTP_REQUIRED:
            self.stdout.write(
                _(
                    "Two-step verification is not required on this demo server "
                    "(OTP_REQUIRED=true requires it of the secretariat and case handlers)."
                )
            )
        self.stdout.write("")


_DEMO_ACCOUNTS = [
    "secretariat",
    "huangpu-admin",
    "baoshan-reporter",
    "sgm-admin",
    "sgm-reporter",
    "reviewer",
    "inspector",
    "inspector-1",
    "huangpu-amr-staff",
    "citizen",
]
