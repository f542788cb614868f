"""Django's Redis cache with one client object per connection pool.

Django makes a new `redis.Redis` for every cache call, and building one (its table of reply
callbacks) takes as long as a GET's round trip to a local Redis (about 70 µs each, measured);
a signed-in page makes two or three calls (its session, the data versions, a fragment). A
client is only a handle on its pool and is safe to share between threads, so one is kept per
pool, exactly as Django keeps the pools themselves.

A counter is raised in one round trip rather than Django's two (EXISTS, then INCRBY), which
could also see the key expire between them. Budgets of requests (core/budgets.py) send their
commands together through `pipeline()`.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

# INCRBY only when the key exists (Django raises ValueError for a missing key); nil otherwise.
INCR_IF_EXISTS = (
    "if redis.call('EXISTS', KEYS[1]) == 1 then "
    "return redis.call('INCRBY', KEYS[1], ARGV[1]) end return false"
)


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client

    def incr(self, key, delta):
        value = self.get_client(key, write=True).eval(INCR_IF_EXISTS, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def pipeline(self):
        """Several commands sent together (one round trip), on the connection writes use."""
        return self._cache.get_client(write=True).pipeline(transaction=False)
