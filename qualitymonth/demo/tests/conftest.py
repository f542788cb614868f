"""The demo data is large: each test module loads it once and every test sees it fresh.

The load happens in a transaction opened for the module and rolled back at its end; each
test runs in a savepoint inside it (as Django's setUpTestData does), so what a test writes
is undone before the next one.
"""

import pytest
from django.db import transaction

from qualitymonth.demo.loader import load_all


@pytest.fixture(scope="module")
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
