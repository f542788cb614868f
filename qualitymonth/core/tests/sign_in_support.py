"""Shared by the sign-in tests: signing in through the page, and the cache backends to run on."""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse

PASSWORD = "a-Long-pass-4321"
# The tests' own Redis database (db 5 unless REDIS_URL names another), one per pytest-xdist
# worker: clearing the cache empties the whole database, which must not wipe another worker's
# counters and sessions in the middle of its test.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("REDIS_URL") or f"redis://127.0.0.1:6379/{5 + _WORKER % 10}"


def sign_in(client, username, password=PASSWORD, address="192.0.2.10", **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def is_signed_in(client) -> bool:
    return bool(client.session.get("_auth_user_id"))


def use_redis(settings):
    """Cache and sessions in Redis, as with REDIS_URL in production; skipped without Redis."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = {
        "default": {"BACKEND": "qualitymonth.core.redis_cache.RedisCache", "LOCATION": REDIS_URL}
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    cache.clear()


@pytest.fixture(params=["local memory", "redis"])
def each_cache(request, settings):
    """Runs a test with the local-memory cache and database sessions, then with Redis."""
    if request.param == "redis":
        use_redis(settings)
        yield request.param
        cache.clear()
    else:
        yield request.param
