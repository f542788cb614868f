"""Budgets of requests (core/budgets.py): spent past their count, each key's its own, several
counted at once, a new window afresh; in local memory and in Redis."""

import hashlib
import time

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from qualitymonth.core.budgets import Budget, spend
from qualitymonth.core.clients import over_limit
from qualitymonth.core.tests import sign_in_support

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis


@pytest.fixture
def clock(monkeypatch):
    """The time the counters' windows are taken from, set by the test."""
    now = {"t": 1_800_000_000.0}
    monkeypatch.setattr(time, "time", lambda: now["t"])
    return now


def test_a_budget_is_spent_once_its_count_is_used(each_cache, clock):
    budget = Budget("test.registration", "203.0.113.7", "3/h")

    assert [spend(budget)[0] for _n in range(5)] == [False, False, False, True, True]


def test_each_address_has_a_budget_of_its_own(each_cache, clock):
    for _n in range(2):
        spend(Budget("test.registration", "203.0.113.7", "1/h"))

    assert spend(Budget("test.registration", "203.0.113.8", "1/h")) == [False]
    assert spend(Budget("test.cancel", "203.0.113.7", "1/h")) == [False]


def test_budgets_spent_together_are_each_counted(each_cache, clock):
    address = Budget("test.registration", "203.0.113.7", "5/h")
    phone = Budget("test.registration.phone", "+8613812345678", "1/h")

    assert spend(address, phone) == [False, False]
    assert spend(address, phone) == [False, True]
    assert spend(address) == [False]  # the address had 3 of its 5


def test_a_new_window_starts_with_the_whole_budget(each_cache, clock):
    budget = Budget("test.registration", "203.0.113.7", "2/30s")
    clock["t"] = 1_800_000_010.0  # the window of 1_800_000_000–1_800_000_029
    assert [spend(budget)[0] for _n in range(3)] == [False, False, True]

    clock["t"] = 1_800_000_030.0

    assert spend(budget) == [False]


def test_a_rate_not_written_as_count_per_period_is_refused(db):
    with pytest.raises(ValueError, match="count/period"):
        spend(Budget("test.registration", "203.0.113.7", "five an hour"))


def test_only_posts_spend_a_clients_budget(each_cache, clock):
    factory = RequestFactory()
    for _n in range(3):
        assert not over_limit(factory.get("/", REMOTE_ADDR="203.0.113.7"), group="t", rate="1/h")

    post = factory.post("/", REMOTE_ADDR="203.0.113.7")
    assert [over_limit(post, group="t", rate="1/h") for _n in range(2)] == [False, True]


def test_redis_never_holds_the_phone_number_or_a_plain_hash_of_it(settings, clock):
    sign_in_support.use_redis(settings)
    phone = "+8613812345678"

    spend(Budget("test.registration.phone", phone, "5/h"))

    client = caches["default"]._cache.get_client()
    keys = [key.decode() for key in client.keys("*qm:budget:*")]
    assert len(keys) == 1
    for form in (phone, hashlib.sha256(phone.encode()).hexdigest()[:32]):
        assert form not in keys[0]
