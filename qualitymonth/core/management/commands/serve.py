import compileall
import hashlib
import json
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from gunicorn.app.wsgiapp import WSGIApplication

# A Unix socket path longer than this cannot be bound (sun_path holds 108 bytes on Linux).
MAX_SOCKET_PATH = 100
# What gunicorn loads (in its master, with --preload): see `application` below.
APPLICATION = "qualitymonth.core.management.commands.serve:application()"


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


# --- Static files: collected and compressed once (`make assets`), not on every start --------


def stamp_path() -> Path:
    # Beside STATIC_ROOT, not in it: everything in STATIC_ROOT is served to the public.
    return Path(settings.VAR_DIR) / "static.collected"


def static_fingerprint() -> str:
    """A digest of what collectstatic would produce: every source file's name, size and
    modification time (as collectstatic finds them), and the settings that shape the output.
    Listing a few thousand files costs a fraction of a second; collecting them costs minutes."""
    from django.apps import apps
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    ignore = apps.get_app_config("staticfiles").ignore_patterns
    digest = hashlib.sha256()
    for value in (
        str(settings.STATIC_ROOT),
        settings.STATIC_URL,
        settings.STORAGES["staticfiles"]["BACKEND"],
        repr(getattr(settings, "WHITENOISE_SKIP_COMPRESS_EXTENSIONS", None)),
        repr(getattr(settings, "WHITENOISE_KEEP_ONLY_HASHED_FILES", False)),
        repr(getattr(staticfiles_storage, "manifest_version", None)),
    ):
        digest.update(value.encode() + b"\0")
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore):
            name = os.path.join(getattr(storage, "prefix", None) or "", path)
            status = os.stat(storage.path(path))
            entries.append(f"{name}\0{status.st_size}\0{status.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode() + b"\n")
    return digest.hexdigest()


def collected_output_present() -> bool:
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest is None:
        return Path(settings.STATIC_ROOT).is_dir()
    return staticfiles_storage.exists(manifest)


def static_files_are_current() -> bool:
    try:
        recorded = json.loads(stamp_path().read_text())["fingerprint"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return collected_output_present() and recorded == static_fingerprint()


def collect_static_files(*, force: bool = False) -> bool:
    """Collect (and compress) the static files unless the last collection is still current;
    return whether they were collected. The stamp is written only once collectstatic has
    finished, compression included, so an interrupted run is done again on the next start."""
    if not force and static_files_are_current():
        return False
    fingerprint = static_fingerprint()
    stamp_path().unlink(missing_ok=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp_path().parent.mkdir(parents=True, exist_ok=True)
    stamp_path().write_text(json.dumps({"fingerprint": fingerprint}))
    return True


# --- The platform's own modules, compiled once rather than on every start ------------------


def compile_python() -> None:
    """Byte-compile the platform's modules where they are stale or missing.

    An editable install leaves them as source, and an environment that sets
    PYTHONDONTWRITEBYTECODE never stores what it compiles: every start then compiled several
    hundred modules again (more than a second). compileall writes regardless, skips a module
    whose compiled copy is current (a few milliseconds in all), and a read-only checkout only
    costs the attempt."""
    package = Path(__file__).resolve().parents[3]
    compileall.compile_dir(package, quiet=2, workers=1)


# Templates every page extends, compiled in the master so that no worker's first answer
# compiles them (the cached loader keeps them; workers inherit it when they fork).
PRELOADED_TEMPLATES = ("base.html", "core/home.html", "404.html")


# --- The application gunicorn's master loads before it forks its workers --------------------


def application():
    """The WSGI application, with what every worker would otherwise load on its first request
    (URLs and every view module, the middleware, WhiteNoise's file list, the translation
    catalogues) loaded once in gunicorn's master (`--preload`): workers fork from it and
    answer at once. The master holds no database or cache connection across the fork."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitymonth.settings")
    from django.core.cache import caches
    from django.core.wsgi import get_wsgi_application
    from django.db import connections
    from django.template import loader
    from django.urls import get_resolver
    from django.utils import translation

    handler = get_wsgi_application()
    get_resolver().url_patterns  # noqa: B018  (imports the URL modules and their views)
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        translation.activate(code)
        # Reversing a URL compiles every pattern and indexes the names, once per language:
        # most of a second that each worker's first page would otherwise spend.
        resolver.reverse_dict  # noqa: B018
    translation.deactivate()
    for name in PRELOADED_TEMPLATES:
        loader.get_template(name)
    # A connection inherited by several processes would be shared by them: close any.
    connections.close_all()
    caches.close_all()
    return handler


class Gunicorn(WSGIApplication):
    """gunicorn's own command line, given as a list: sys.argv stays this command's, so a
    re-exec on USR2 (gunicorn's zero-downtime upgrade) runs `qualitymonth serve` again."""

    def __init__(self, arguments: list[str]):
        self.arguments = arguments
        super().__init__("%(prog)s [OPTIONS]", prog="qualitymonth serve")

    def load_config(self):
        command_line = sys.argv
        sys.argv = ["qualitymonth serve", *self.arguments]
        try:
            super().load_config()
        finally:
            sys.argv = command_line


class Command(BaseCommand):
    # The system checks took most of a second of every start, before the server could answer;
    # gunicorn never runs them either. `qualitymonth check --deploy` runs them on demand, and
    # the test suite on every change.
    requires_system_checks = []
    # Lazy: gunicorn imports this module (for `application`) before Django is set up.
    help = gettext_lazy(
        "Serve the platform in production with several worker processes (gunicorn)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help=_(
                "Do not collect static files, even when they changed since the last collection."
            ),
        )
        parser.add_argument(
            "--collect-only",
            action="store_true",
            help=_(
                "Collect and compress the static files if they changed, then stop (`make assets`)."
            ),
        )

    def handle(self, *args, bind, workers, no_collectstatic, collect_only, **options):
        compile_python()
        if collect_only:
            if collect_static_files():
                message = _("Static files collected into %(root)s.")
            else:
                message = _("Static files in %(root)s are current.")
            self.stdout.write(message % {"root": settings.STATIC_ROOT})
            return
        if not no_collectstatic:
            collect_static_files()
        arguments = [
            APPLICATION,
            "--preload",
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
        # gunicorn's master runs in this process, which has Django set up already: starting
        # a second interpreter (as `python -m gunicorn` would) cost a second start-up.
        Gunicorn(arguments).run()
