"""Browser tests drive the system Chromium (Playwright cannot download browsers here).

The demo data is loaded once per state of the code, by the console command, as on a demo server
(tests/databases.py `demo_sqlite`): the first test of a process that calls `load_all()` copies
that database and its uploads in, and a copy of the whole database is kept; every later call
restores that copy, so each test still starts from the freshly loaded demo (these tests flush
the database after themselves). Loading the demo itself is tested in qualitymonth/demo/tests/.
"""

import contextlib
import shutil
import sqlite3

import pytest
from django.conf import settings

from qualitymonth.demo import loader
from tests import databases

# The session's Chromium (`browser`) is in the root conftest.py: browser tests elsewhere in
# the tree (an app's own journey) share the one Playwright instance a worker may start.


@pytest.fixture(autouse=True)
def _password_alone_signs_in(settings):
    # These journeys sign in with a password, as on the demo server (`qualitymonth demo` sets
    # OTP_REQUIRED off); the second factor has its own tests in core/tests/test_two_factor.py.
    settings.OTP_REQUIRED = False


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def _demo_copy():
    held = {}
    yield held
    if "database" in held:
        held["database"].close()


@pytest.fixture(autouse=True)
def _demo_loaded_once_per_run(request, monkeypatch, _demo_copy):
    # The test modules call `load_all()` themselves; it is replaced here by the shared load.
    if getattr(request.module, "load_all", None) is not loader.load_all:
        return

    def load_all():
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import caches
        from django.db import connection

        # A copy of the database file can only be taken and restored whole on SQLite in memory
        # (the live server shares this very connection); elsewhere the demo is loaded again.
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            return loader.load_all()
        connection.ensure_connection()
        if "database" not in _demo_copy:
            site = databases.demo_sqlite()
            with contextlib.closing(sqlite3.connect(site / "db.sqlite3")) as demo:
                demo.backup(connection.connection)
            if (site / "media").exists():
                shutil.copytree(site / "media", settings.MEDIA_ROOT, dirs_exist_ok=True)
            _hash_passwords_as_the_tests_do()
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            _demo_copy.update(database=copy)
        else:
            _demo_copy["database"].backup(connection.connection)
        # What the process remembers of the rows just replaced: ids of content types, cached
        # pages and counters.
        ContentType.objects.clear_cache()
        for cache in caches.all():
            cache.clear()

    monkeypatch.setattr(request.module, "load_all", load_all)


def _hash_passwords_as_the_tests_do():
    # The console hashed the demo password with the production hasher (a million rounds, most
    # of a second at each sign-in); a load in this process hashes it with the tests' fast one
    # (the root conftest.py), and every demo account has the demo password.
    from django.contrib.auth.hashers import make_password

    from qualitymonth.organizations.models import User

    User.objects.filter(password__startswith="pbkdf2").update(
        password=make_password(loader.DEMO_PASSWORD)
    )
