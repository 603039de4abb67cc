"""The Redis cache, made a pure optimisation: a Redis that is down or unreachable costs a
miss, never an error.

Built on django-redis rather than Django's own Redis backend: Django's builds a new
``redis.Redis`` object for every cache call (costlier, on a page that reads the cache
eight times, than the round trip itself) and offers no supported way to change its
client, so keeping one client meant overriding its private methods. django-redis keeps
one client per server and lets a project name its own client class (``CLIENT_CLASS``, a
documented option), whose public methods this module wraps.

Redis down: every cache call that fails with a Redis error answers as an empty cache
would (``get`` the default, ``add`` False, ``incr`` ``ValueError`` as for a missing key),
so pages are computed from the database. Socket time-outs (``SOCKET_CONNECT_TIMEOUT``,
``SOCKET_TIMEOUT`` in ``OPTIONS``) bound what one call can cost; after a failure the cache
is not tried again for ``CIRCUIT_BREAKER_SECONDS`` (a circuit breaker), so a dead Redis
costs nothing on the following calls, and the first call after that delay that succeeds
closes the breaker: the site recovers by itself. (django-redis' own IGNORE_EXCEPTIONS
answers misses too, but tries Redis again on every call and forgets the invalidations.)

Invalidations lost in the meantime (an ``incr`` of a version number or a ``delete``) are
replayed once Redis answers again, so entries cached before the outage are not served
after a change made during it (within this process; a bounded list).
``health_check()`` bypasses all this and raises what Redis raised, for ``/healthz``.
"""

import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DEFAULT_CIRCUIT_BREAKER_SECONDS = 5.0
# Lost invalidations kept for replay; past this many the oldest are dropped (and logged).
MAX_LOST_INVALIDATIONS = 10_000
_FAILURES = (ConnectionInterrupted, RedisError)


def _missing_key() -> int:
    raise ValueError("Key not found (the cache is unavailable).")


def _cause(error: Exception) -> Exception:
    """What Redis raised (django-redis wraps it in ConnectionInterrupted)."""
    if isinstance(error, ConnectionInterrupted) and isinstance(error.__cause__, Exception):
        return error.__cause__
    return error


class ResilientClient(DefaultClient):
    """Redis errors answered as misses, behind a circuit breaker (see the module)."""

    def __init__(self, server: str, params: dict[str, Any], backend: Any) -> None:
        super().__init__(server, params, backend)
        options = params.get("OPTIONS", {})
        self._breaker_seconds = float(
            options.get("CIRCUIT_BREAKER_SECONDS", DEFAULT_CIRCUIT_BREAKER_SECONDS)
        )
        self._down_until = 0.0  # time.monotonic() before which Redis is not tried
        self._last_error: Exception | None = None
        # (key, version) -> "incr" | "delete", in order of loss
        self._lost: dict[tuple[str, int | None], str] = {}

    @property
    def is_down(self) -> bool:
        return self._down_until > 0.0

    def _guarded(
        self,
        call: Callable[[], Any],
        on_failure: Callable[[], Any],
        lost: tuple[str, Iterable[tuple[str, int | None]]] | None = None,
    ) -> Any:
        if self.is_down and (time.monotonic() < self._down_until or not self._recover()):
            self._remember(lost)
            return on_failure()
        try:
            return call()
        except _FAILURES as error:
            self._trip(_cause(error))
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

    def _remember(self, lost: tuple[str, Iterable[tuple[str, int | None]]] | None) -> None:
        if lost is None:
            return
        operation, keys = lost
        for key in keys:
            self._lost.pop(key, None)
            self._lost[key] = operation
        while len(self._lost) > MAX_LOST_INVALIDATIONS:
            dropped = next(iter(self._lost))
            del self._lost[dropped]
            logger.error("Cache invalidation of %r lost during the outage.", dropped[0])

    def _recover(self) -> bool:
        """Try Redis again: replay the lost invalidations (before anything is read, so no
        entry they retire is served), then close the breaker. False if Redis still fails."""
        try:
            self.get_client(write=True).ping()
            while self._lost:
                (key, version), operation = next(iter(self._lost.items()))
                if operation == "incr":
                    # A key gone meanwhile needs nothing: readers start a new version.
                    with contextlib.suppress(ValueError):
                        DefaultClient.incr(self, key, 1, version=version)
                else:
                    DefaultClient.delete(self, key, version=version)
                del self._lost[(key, version)]
        except _FAILURES as error:
            self._trip(_cause(error))
            return False
        self._down_until = 0.0
        logger.warning("Cache available again.")
        return True

    def health_check(self) -> None:
        """Write and read back a key, raising whatever Redis raises (no breaker)."""
        if self.is_down and not self._recover():
            assert self._last_error is not None  # set when the breaker opened
            raise self._last_error
        try:
            DefaultClient.set(self, "healthz", "ok", 10)
            value = DefaultClient.get(self, "healthz")
        except _FAILURES as error:
            raise _cause(error) from None
        if value != "ok":
            raise RuntimeError("cache did not return what was written")

    # The methods Django's cache API reaches (django-redis' RedisCache calls them).

    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(lambda: DefaultClient.add(self, *args, **kwargs), lambda: False)

    def get(self, key: str, default: Any = None, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(
            lambda: DefaultClient.get(self, key, default, *args, **kwargs), lambda: default
        )

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(lambda: DefaultClient.set(self, *args, **kwargs), lambda: False)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(lambda: DefaultClient.touch(self, *args, **kwargs), lambda: False)

    def delete(self, key: str, version: int | None = None, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(
            lambda: DefaultClient.delete(self, key, version, *args, **kwargs),
            lambda: False,
            lost=("delete", [(key, version)]),
        )

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(lambda: DefaultClient.get_many(self, *args, **kwargs), dict)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(lambda: DefaultClient.has_key(self, *args, **kwargs), lambda: False)

    def incr(self, key: str, delta: int = 1, version: int | None = None, **kwargs: Any) -> Any:
        return self._guarded(
            lambda: DefaultClient.incr(self, key, delta, version, **kwargs),
            _missing_key,
            lost=("incr", [(key, version)]),
        )

    def decr(self, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(lambda: DefaultClient.decr(self, *args, **kwargs), _missing_key)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(lambda: DefaultClient.set_many(self, *args, **kwargs), list)

    def delete_many(self, keys: Iterable[str], version: int | None = None, **kwargs: Any) -> Any:
        keys = list(keys)
        return self._guarded(
            lambda: DefaultClient.delete_many(self, keys, version, **kwargs),
            lambda: 0,
            lost=("delete", [(key, version) for key in keys]),
        )

    def clear(self, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(lambda: DefaultClient.clear(self, *args, **kwargs), lambda: None)


class RedisCache(DjangoRedisCache):
    """django-redis' cache with the resilient client unless another is configured."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        options.setdefault("CLIENT_CLASS", f"{__name__}.ResilientClient")
        super().__init__(server, {**params, "OPTIONS": options})

    def health_check(self) -> None:
        self.client.health_check()
