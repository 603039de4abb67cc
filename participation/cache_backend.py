"""Django's Redis cache, made a pure optimisation: it keeps one Redis client per
connection pool, and a Redis that is down or unreachable costs a miss, never an error.

One client per pool: Django's client builds a new ``redis.Redis`` object for every cache
call (the pool, and so the connections, are shared already); building one sets up its
whole table of response callbacks, which costs more than the round trip on a page that
reads the cache eight times. The client object holds no connection of its own and is
safe to share between threads, as the pool is.

Redis down: every cache call that fails with a Redis error answers as an empty cache
would (``get`` the default, ``add`` False, ``incr`` ``ValueError`` as for a missing key),
so pages are computed from the database. Socket time-outs (``socket_connect_timeout``,
``socket_timeout`` in ``OPTIONS``, passed to redis-py) bound what one call can cost;
after a failure the cache is not tried again for ``circuit_breaker_seconds`` (a circuit
breaker), so a dead Redis costs nothing on the following calls, and the first call
after that delay that succeeds closes the breaker: the site recovers by itself.

Invalidations lost in the meantime (an ``incr`` of a version number or a ``delete``) are
replayed once Redis answers again, so entries cached before the outage are not served
after a change made during it (within this process; a bounded list).
``health_check()`` bypasses all this and raises what Redis raised, for ``/healthz``.
"""

import contextlib
import logging
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DEFAULT_CIRCUIT_BREAKER_SECONDS = 5.0
# Lost invalidations kept for replay; past this many the oldest are dropped (and logged).
MAX_LOST_INVALIDATIONS = 10_000


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _missing_key():
    raise ValueError("Key not found (the cache is unavailable).")


class ResilientRedisCacheClient(ReusedClientRedisCacheClient):
    """Redis errors answered as misses, behind a circuit breaker (see the module)."""

    def __init__(self, *args, circuit_breaker_seconds=DEFAULT_CIRCUIT_BREAKER_SECONDS, **kwargs):
        super().__init__(*args, **kwargs)
        self._breaker_seconds = float(circuit_breaker_seconds)
        self._down_until = 0.0  # time.monotonic() before which Redis is not tried
        self._last_error: Exception | None = None
        self._lost: dict[str, str] = {}  # key -> "incr" | "delete", in order of loss

    @property
    def is_down(self) -> bool:
        return self._down_until > 0.0

    def _guarded(self, method, on_failure, *args, lost=None):
        if self.is_down and (time.monotonic() < self._down_until or not self._recover()):
            self._remember(lost)
            return on_failure()
        try:
            return method(*args)
        except RedisError as error:
            self._trip(error)
            self._remember(lost)
            return on_failure()

    def _trip(self, error: Exception) -> None:
        self._last_error = error
        if not self.is_down:
            logger.warning(
                "Cache unavailable (%s: %s): serving from the database, retrying in %ss.",
                error.__class__.__name__,
                error,
                self._breaker_seconds,
            )
        self._down_until = time.monotonic() + self._breaker_seconds

    def _remember(self, lost) -> None:
        if lost is None:
            return
        operation, keys = lost
        for key in keys:
            self._lost.pop(key, None)
            self._lost[key] = operation
        while len(self._lost) > MAX_LOST_INVALIDATIONS:
            dropped = next(iter(self._lost))
            del self._lost[dropped]
            logger.error("Cache invalidation of %r lost during the outage.", dropped)

    def _recover(self) -> bool:
        """Try Redis again: replay the lost invalidations (before anything is read, so no
        entry they retire is served), then close the breaker. False if Redis still fails."""
        try:
            super().get_client(write=True).ping()
            while self._lost:
                key, operation = next(iter(self._lost.items()))
                if operation == "incr":
                    # A key gone meanwhile needs nothing: readers start a new version.
                    with contextlib.suppress(ValueError):
                        super().incr(key, 1)
                else:
                    super().delete(key)
                del self._lost[key]
        except RedisError as error:
            self._trip(error)
            return False
        self._down_until = 0.0
        logger.warning("Cache available again.")
        return True

    def health_check(self) -> None:
        """Write and read back a key, raising whatever Redis raises (no breaker)."""
        if self.is_down and not self._recover():
            raise self._last_error
        super().set("healthz", "ok", 10)
        if super().get("healthz", None) != "ok":
            raise RuntimeError("cache did not return what was written")

    def add(self, key, value, timeout):
        return self._guarded(super().add, lambda: False, key, value, timeout)

    def get(self, key, default):
        return self._guarded(super().get, lambda: default, key, default)

    def set(self, key, value, timeout):
        return self._guarded(super().set, lambda: None, key, value, timeout)

    def touch(self, key, timeout):
        return self._guarded(super().touch, lambda: False, key, timeout)

    def delete(self, key):
        return self._guarded(super().delete, lambda: False, key, lost=("delete", [key]))

    def get_many(self, keys):
        return self._guarded(super().get_many, dict, keys)

    def has_key(self, key):
        return self._guarded(super().has_key, lambda: False, key)

    def incr(self, key, delta):
        return self._guarded(super().incr, _missing_key, key, delta, lost=("incr", [key]))

    def set_many(self, data, timeout):
        return self._guarded(super().set_many, lambda: None, data, timeout)

    def delete_many(self, keys):
        keys = list(keys)
        return self._guarded(super().delete_many, lambda: None, keys, lost=("delete", keys))

    def clear(self):
        return self._guarded(super().clear, lambda: False)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def health_check(self) -> None:
        self._cache.health_check()
