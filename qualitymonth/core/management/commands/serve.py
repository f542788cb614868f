import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

# A Unix socket path longer than this cannot be bound (sun_path holds 108 bytes on Linux).
MAX_SOCKET_PATH = 100


def default_workers() -> int:
    return int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))


def control_socket_arguments() -> list[str]:
    """Where gunicorn's control socket (for `gunicornc`) lives: in this deployment's VAR_DIR.

    gunicorn's default is one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn/gunicorn.ctl), so
    two deployments, or a test server, run by the same account would take over each other's
    socket, and `gunicornc` could stop the wrong server. Too long a path cannot be bound: the
    socket is then switched off rather than left to gunicorn's shared default.
    """
    path = Path(settings.VAR_DIR) / "gunicorn.ctl"
    if len(os.fsencode(path)) > MAX_SOCKET_PATH:
        return ["--no-control-socket"]
    return ["--control-socket", str(path)]


class Command(BaseCommand):
    help = _("Serve the platform in production with several worker processes (gunicorn).")

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args, bind, workers, no_collectstatic, **options):
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        arguments = [
            sys.executable,
            "-m",
            "gunicorn",
            "qualitymonth.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            *control_socket_arguments(),
        ]
        self.stdout.write(
            _("Serving on http://%(bind)s with %(n)d workers (DEBUG=%(debug)s)")
            % {"bind": bind, "n": workers, "debug": settings.DEBUG}
        )
        self.stdout.flush()
        # Replace this process so that signals reach gunicorn's master directly.
        os.execv(arguments[0], arguments)
