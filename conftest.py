"""Shared fixtures: named personas reused across the suite, and small factories."""

import os
import shutil
import sqlite3

import django.test
import pytest
from django.conf import settings as django_settings
from django.test.utils import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from qualitymonth.organizations import credit_code
from qualitymonth.organizations.models import Position, Role, Unit, UnitKind, User
from tests import databases

# Hypothesis' own timing checks (a draw that took a second, an example past 200 ms) fail a test
# because the machine was busy, not because of what it asserts: the suite keeps no timing
# thresholds (speed is measured in bench/).
hypothesis_settings.register_profile(
    "project", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("project")

# Tests under these folders share one pytest-xdist worker: they share state that is costly to
# make (the demo tests share one load of the demo, see qualitymonth/demo/tests/conftest.py).
SHARED_WORKER = ("qualitymonth/demo/tests/",)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    # `--dist loadgroup` cannot be used: pytest 9.2 ignores the group suffix pytest-xdist 3.8
    # gives node ids. Every other test is its own unit of work, as with `--dist load`.
    if config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedWorkerScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return next((path for path in SHARED_WORKER if nodeid.startswith(path)), nodeid)

    return SharedWorkerScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    # Generated API cases are asked of PostgreSQL (issue 16); the SQLite pass skips them.
    if "postgresql" in django_settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="runs in the PostgreSQL pass")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """Each test database starts as a copy of the migrated one (tests/databases.py)."""
    default = django_settings.DATABASES["default"]
    if "postgresql" in default["ENGINE"]:
        url = os.environ.get("DATABASE_URL") or f"postgres://{default['USER']}@{default['HOST']}"
        default.setdefault("TEST", {})["TEMPLATE"] = databases.migrated_postgres(url)
        # A test's commit need not wait for the disk (the data is thrown away): the tests
        # that commit (transactional ones, the concurrency tests) run faster, with the same
        # isolation and locks.
        options = default.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
        yield
        return
    from django.db.backends.sqlite3.creation import DatabaseCreation

    create, keepers = DatabaseCreation._create_test_db, []

    def create_from_copy(self, verbosity, autoclobber, keepdb=False):
        name = create(self, verbosity, autoclobber, keepdb)
        if self.is_in_memory_db(name) and not keepdb:
            # The shared in-memory database lives while a connection to it is open.
            keeper = sqlite3.connect(name, uri=True, check_same_thread=False)
            databases.load_into(keeper)
            keepers.append(keeper)
        return name

    DatabaseCreation._create_test_db = create_from_copy
    try:
        yield
    finally:
        DatabaseCreation._create_test_db = create
        for keeper in keepers:
            keeper.close()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    # PBKDF2's million rounds were a third of the suite's CPU time. MD5 comes first, so every
    # account made in tests (the demo's too) hashes fast and signs in with the same password;
    # the production hashers stay in the list, so existing hashes still verify.
    fast = "django.contrib.auth.hashers.MD5PasswordHasher"
    with override_settings(PASSWORD_HASHERS=[fast, *django_settings.PASSWORD_HASHERS]):
        yield


@pytest.fixture(scope="session", autouse=True)
def _media_of_this_worker(tmp_path_factory):
    # Each test process writes uploads (the demo's lesson videos and posters too) in its own
    # folder: a demo loaded by one process must not replace a file another one is serving.
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


class Client(django.test.Client):
    """`force_login` signs a person in as the sign-in pages leave them: with the second factor
    passed when they have, or must have, one (qualitymonth/core/auth/). The sign-in steps
    themselves are tested in qualitymonth/core/tests/test_two_factor.py."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from qualitymonth.core.auth import twofactor

        user.__dict__.pop("_must_use_second_factor", None)
        if twofactor.must_use_second_factor(user) or twofactor.has_second_factor(user):
            device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()
            device = device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def as_persona(request, client):
    """as_persona("secretariat") → the test client signed in as that fixture's person
    ("anonymous": signed out), for tests parametrised over personas."""

    def sign_in(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _default_language():
    # A request with a language cookie leaves that language active in the thread, and
    # translation.override can leave none: each test starts where a fresh process does.
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    # The local-memory cache lives as long as the test process while each test's rows roll
    # back: a page a test kept (under data versions its writes made) must not be served to the
    # next test, whose writes, made while caching was still off, replaced no version.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def valid_credit_code(body: str) -> str:
    """A valid code from 17 characters, for tests (GB 32100-2015 check character)."""
    return body + credit_code.check_character(body)


_counter = iter(range(1, 1_000_000))


def make_unit(**values) -> Unit:
    n = next(_counter)
    values.setdefault("kind", UnitKind.ENTERPRISE)
    values.setdefault("key", f"unit-{n}")
    values.setdefault("name", f"测试单位{n}号")
    return Unit.objects.create(**values)


def make_person(username: str, *, unit: Unit | None = None, role: str | None = None) -> User:
    user = User.objects.create_user(username=username, password="a-Long-pass-4321")
    if unit is not None:
        Position.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def association(db):
    return make_unit(kind=UnitKind.ASSOCIATION, key="sqa", name="上海市质量协会")


@pytest.fixture
def huangpu(db):
    return make_unit(
        kind=UnitKind.DISTRICT, key="huangpu", name="黄浦区", name_en="Huangpu District"
    )


@pytest.fixture
def huangpu_bureau(huangpu):
    return make_unit(
        kind=UnitKind.GOVERNMENT,
        key="huangpu-amr",
        parent=huangpu,
        name="上海市黄浦区市场监督管理局",
        name_en="Huangpu District Administration for Market Regulation",
        phone="021-12345678",
        contact_person="李强",
    )


@pytest.fixture
def enterprise(db):
    return make_unit(
        key="saic-gm",
        name="上汽通用汽车有限公司",
        name_en="SAIC General Motors",
        phone="021-87654321",
    )


@pytest.fixture
def secretariat(association):
    return make_person("secretariat", unit=association, role=Role.SECRETARIAT)


@pytest.fixture
def bureau_admin(huangpu_bureau):
    return make_person("huangpu-admin", unit=huangpu_bureau, role=Role.UNIT_ADMIN)


@pytest.fixture
def enterprise_admin(enterprise):
    """An outsider to the Huangpu bureau: administers another unit."""
    return make_person("sgm-admin", unit=enterprise, role=Role.UNIT_ADMIN)


@pytest.fixture
def enterprise_reporter(enterprise):
    return make_person("sgm-reporter", unit=enterprise, role=Role.REPORTER)


@pytest.fixture
def citizen(db):
    return make_person("citizen")


CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI and was not found at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    # Playwright's sync API runs its own event loop; Django must allow ORM calls beside it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
