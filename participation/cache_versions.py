"""Versioned cache keys: what a page keeps in Django's cache is filed under a version
number that a change retires, so every worker stops reading it at once.

The version is retired when the change is made and again when its transaction
commits: a worker that read the old rows in between would otherwise file them
under the new version.
"""

import secrets

from django.core.cache import cache
from django.db import transaction


def _key(name: str) -> str:
    return f"version:{name}"


def current(name: str) -> int:
    """The version of ``name`` now (a random start when the cache has none, so keys
    of a version the cache evicted are never met again)."""
    version = cache.get(_key(name))
    if version is None:
        cache.add(_key(name), secrets.randbits(40), timeout=None)
        version = cache.get(_key(name), 0)
    return version


def _bump(name: str) -> None:
    try:
        cache.incr(_key(name))
    except ValueError:  # not set (or evicted): a random new value retires the old keys
        cache.set(_key(name), secrets.randbits(40), timeout=None)


def retire(name: str, using=None) -> None:
    """Retire the current version of ``name`` now and when the transaction commits."""
    _bump(name)
    transaction.on_commit(lambda: _bump(name), using=using)
