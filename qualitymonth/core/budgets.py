"""Budgets of requests ("5/h": five an hour) per client address, phone number or e-mail address,
counted in the cache in fixed windows, as django-ratelimit (used before) counted them.

Every attempt spends (a refused one too, so a script learns nothing by retrying). A request
that spends several budgets at once (a registration: its address's and its phone number's)
counts them all with one command to Redis (core/redis_cache.py), where django-ratelimit made
two or three round trips per budget (add the counter, else see that it exists, then raise
it): on a burst of registrations those round trips were a fifth of each one's time.
"""

import re
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.utils.crypto import salted_hmac

from qualitymonth.core.redis_cache import RedisCache

PREFIX = "qm:budget:"
RATE = re.compile(r"(\d+)/(\d*)([smhd])")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Budget:
    group: str  # what is counted ("events.registration")
    key: str  # whose budget: an address, a phone number, an e-mail address
    rate: str  # "count/period": 5/h, 20/d, 10/30s


def _limit_and_period(rate: str) -> tuple[int, int]:
    found = RATE.fullmatch(rate.strip())
    if found is None:
        raise ValueError(f"a rate is 'count/period' (5/h, 10/30s), not {rate!r}")
    count, multiple, unit = found.groups()
    return int(count), int(multiple or 1) * SECONDS[unit]


def _counter(budget: Budget, period: int, now: int) -> tuple[str, int]:
    """The window's counter and the seconds it must live. The key (a phone number, an address)
    is named by a keyed digest only: the cache never holds it, nor a plain hash of it that
    trying every phone number would undo."""
    window = now // period
    digest = salted_hmac("qualitymonth.core.budgets", budget.key).hexdigest()[:32]
    name = f"{PREFIX}{budget.group}:{period}:{digest}:{window}"
    return name, (window + 1) * period - now + 1


def spend(*budgets: Budget) -> list[bool]:
    """One more use of each budget; for each, whether it is now spent (past its count)."""
    now = int(time.time())
    limits, counters = [], []
    for budget in budgets:
        limit, period = _limit_and_period(budget.rate)
        limits.append(limit)
        counters.append(_counter(budget, period, now))
    counts = _raise_counters(counters)
    return [count > limit for count, limit in zip(counts, limits, strict=True)]


def _raise_counters(counters: list[tuple[str, int]]) -> list[int]:
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return cache.raise_counters(counters)
    counts = []
    for name, seconds in counters:
        cache.add(name, 0, seconds)
        try:
            counts.append(cache.incr(name))
        except ValueError:  # expired between the two calls: a new window's first use
            cache.add(name, 1, seconds)
            counts.append(1)
    return counts
