"""The demo data is large: the demo tests load it once per run and every test sees it fresh.

The load happens in a transaction opened for this package and rolled back when its last test
is done; each test runs in a savepoint inside it (as Django's setUpTestData does), so what a
test writes is undone before the next one. Tests of this package that need an empty database
run before the load; with pytest-xdist, the package's tests share one worker (the root
conftest's SHARED_WORKER).
"""

import pytest
from django.db import transaction

from qualitymonth.demo.loader import load_all

PACKAGE = "qualitymonth/demo/tests/"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # Runs before pytest-django's stable sort (database tests, then transactional, then the
    # rest), so the order chosen here holds inside each of those groups.
    ours = [
        i
        for i, item in enumerate(items)
        if item.nodeid.startswith(PACKAGE) and {"db", "demo"} & set(item.fixturenames)
    ]
    package = sorted((items[i] for i in ours), key=lambda item: "demo" in item.fixturenames)
    for i, item in zip(ours, package, strict=True):
        items[i] = item


@pytest.fixture(scope="package")
def demo_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        report = load_all()
    yield report
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_once, db):
    return demo_once
