"""Django's Redis cache with one client object per connection pool.

Django makes a new `redis.Redis` for every cache call, and building one (its table of reply
callbacks) takes as long as a GET's round trip to a local Redis (about 70 µs each, measured);
a signed-in page makes two or three calls (its session, the data versions, a fragment). A
client is only a handle on its pool and is safe to share between threads, so one is kept per
pool, exactly as Django keeps the pools themselves.

A counter is raised in one round trip rather than Django's two (EXISTS, then INCRBY), which
could also see the key expire between them. Budgets of requests (core/budgets.py) raise all
their counters with one command (`raise_counters`), and entries kept for good (data versions)
are written with one MSET rather than Django's MULTI, MSET, EXEC: on a burst of registrations
each command sent is about 100 µs of the worker's CPU.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

# Each counter raised, and given its lifetime when this made it (it was missing): the counts.
RAISE_COUNTERS = """
local counts = {}
for i, key in ipairs(KEYS) do
    counts[i] = redis.call('INCR', key)
    if counts[i] == 1 then redis.call('EXPIRE', key, ARGV[i]) end
end
return counts
"""
# INCRBY only when the key exists (Django raises ValueError for a missing key); nil otherwise.
INCR_IF_EXISTS = (
    "if redis.call('EXISTS', KEYS[1]) == 1 then "
    "return redis.call('INCRBY', KEYS[1], ARGV[1]) end return false"
)


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client

    def set_many(self, data, timeout):
        if timeout is not None:
            return super().set_many(data, timeout)
        client = self.get_client(None, write=True)
        client.mset({key: self._serializer.dumps(value) for key, value in data.items()})

    def raise_counters(self, counters: list[tuple[str, int]]) -> list[int]:
        script = self._scripts.get("raise")
        if script is None:
            # EVALSHA with the script's digest, loading it again if Redis has lost it.
            client = self.get_client(None, write=True)
            script = self._scripts["raise"] = client.register_script(RAISE_COUNTERS)
        keys = [key for key, _seconds in counters]
        return script(keys=keys, args=[seconds for _key, seconds in counters])

    def incr(self, key, delta):
        value = self.get_client(key, write=True).eval(INCR_IF_EXISTS, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def raise_counters(self, counters: list[tuple[str, int]]) -> list[int]:
        """Raise each counter (name, seconds it lives once made) by one, in one command: the
        counts. A counter that did not exist is made, at 1, with its lifetime."""
        keys = [(self.make_and_validate_key(name), seconds) for name, seconds in counters]
        return self._cache.raise_counters(keys)
