"""The Redis cache (core/redis_cache.py): one client per connection pool, every call as Django's."""

import pytest
from django.core.cache import caches

from qualitymonth.core.tests.sign_in_support import use_redis


@pytest.fixture
def redis_cache(settings):
    use_redis(settings)
    caches["default"].clear()
    return caches["default"]


def test_values_counters_and_expiry_behave_as_with_djangos_backend(redis_cache):
    redis_cache.set("figures", {"total": 3, "names": ["黄浦区"]}, 60)
    redis_cache.set("visits", 1, 60)
    redis_cache.incr("visits", 4)
    redis_cache.set("gone", "x", 0)

    assert redis_cache.get("figures") == {"total": 3, "names": ["黄浦区"]}
    assert redis_cache.get("visits") == 5
    assert redis_cache.get("gone", "absent") == "absent"
    assert redis_cache.get_many(["figures", "visits", "nothing"]) == {
        "figures": {"total": 3, "names": ["黄浦区"]},
        "visits": 5,
    }


def test_each_call_reuses_the_pools_client_instead_of_building_one(redis_cache):
    client = redis_cache._cache.get_client("a")

    redis_cache.set("a", 1, 60)
    redis_cache.get("a")

    assert redis_cache._cache.get_client("b") is client
    assert redis_cache._cache.get_client("b", write=True) is client  # one server: one pool


def test_a_missing_counter_is_refused_as_djangos_backend_refuses_it(redis_cache):
    redis_cache.set("present", 2, 60)

    with pytest.raises(ValueError):
        redis_cache.incr("absent")
    assert redis_cache.get("absent") is None
    assert redis_cache.incr("present", -3) == -1


def test_counters_are_raised_together_and_made_with_their_lifetime(redis_cache):
    redis_cache.set("counted", 4, 300)

    assert redis_cache.raise_counters([("counted", 60), ("new", 60)]) == [5, 1]
    assert redis_cache.raise_counters([("new", 60)]) == [2]
    client = redis_cache._cache.get_client(write=True)
    assert 0 < client.ttl(redis_cache.make_and_validate_key("new")) <= 60
    # A counter that existed keeps the lifetime it had.
    assert 60 < client.ttl(redis_cache.make_and_validate_key("counted")) <= 300


def test_counters_are_raised_after_redis_lost_its_scripts(redis_cache):
    redis_cache.raise_counters([("visits", 60)])
    redis_cache._cache.get_client(write=True).script_flush()

    assert redis_cache.raise_counters([("visits", 60)]) == [2]


def test_entries_set_together_for_good_never_expire(redis_cache):
    redis_cache.set("version", "old", 30)

    redis_cache.set_many({"version": "new", "other": {"n": 1}}, None)

    client = redis_cache._cache.get_client(write=True)
    assert redis_cache.get_many(["version", "other"]) == {"version": "new", "other": {"n": 1}}
    assert client.ttl(redis_cache.make_and_validate_key("version")) == -1  # no expiry
    redis_cache.set_many({"brief": 1}, 30)
    assert 0 < client.ttl(redis_cache.make_and_validate_key("brief")) <= 30
