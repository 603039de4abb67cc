"""Resolving the organisation of a request from its host name.

Every request needs it, so the answer is kept in Django's cache (Redis in
production, shared by every worker) under a key that carries a version number;
saving or deleting any organisation or secondary host bumps the version (at
once and again when the transaction commits), so no worker serves a stale
organisation — its name, colours, locales or hosts — after a change.
"""

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from participation.models import Organization, SecondaryHost

_VERSION_KEY = "tenancy:version"
# A safety net only: every change bumps the version anyway.
HOST_CACHE_SECONDS = 600


@dataclass(frozen=True)
class HostMatch:
    organization: Organization | None
    is_primary: bool


def hostname_of(request: HttpRequest) -> str:
    """The request's host name, lower case, without port or trailing dot."""
    host = request.get_host().lower()
    if host.startswith("["):  # IPv6 literal
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".") if ":" in host else host.rstrip(".")


def resolve_host(hostname: str) -> HostMatch:
    """The organisation answering on ``hostname``: no SQL once cached."""
    version = cache.get(_VERSION_KEY)
    if version is None:
        # add(): two workers starting together agree on one version. A random start never
        # meets the keys of a version the cache evicted.
        cache.add(_VERSION_KEY, secrets.randbits(40), timeout=None)
        version = cache.get(_VERSION_KEY, 0)
    if _unknown_hosts.get((version, hostname)):
        return HostMatch(None, False)
    key = f"tenancy:host:{version}:{hostname}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    match = _resolve_host_uncached(hostname)
    if match.organization is None:
        _unknown_hosts.remember((version, hostname))
    else:
        cache.set(key, match, HOST_CACHE_SECONDS)
    return match


class _BoundedSet:
    """The latest ``size`` keys seen (least recently seen dropped first), thread-safe."""

    def __init__(self, size: int):
        self.size = size
        self._keys: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key) -> bool:
        with self._lock:
            if key in self._keys:
                self._keys.move_to_end(key)
                return True
            return False

    def remember(self, key) -> None:
        with self._lock:
            self._keys[key] = True
            self._keys.move_to_end(key)
            while len(self._keys) > self.size:
                self._keys.popitem(last=False)

    def __len__(self) -> int:
        return len(self._keys)


# Unknown host names are never cached one key each (a flood of random names would fill
# the shared cache): each process remembers the latest few, under the current version,
# so a new organisation's host is known at once.
UNKNOWN_HOSTS_REMEMBERED = 1024
_unknown_hosts = _BoundedSet(UNKNOWN_HOSTS_REMEMBERED)


def _resolve_host_uncached(hostname: str) -> HostMatch:
    organization = Organization.objects.filter(host=hostname).first()
    if organization is not None:
        return HostMatch(organization, True)
    secondary = (
        SecondaryHost.objects.select_related("organization").filter(hostname=hostname).first()
    )
    if secondary is not None:
        return HostMatch(secondary.organization, False)
    return HostMatch(None, False)


def organization_url(organization: Organization, path: str) -> str:
    """An absolute URL on the organisation's primary host, for e-mails and commands."""
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{settings.PUBLIC_SCHEME}://{organization.host}{port}{path}"


def _bump_version() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): a random new value retires the old keys
        cache.set(_VERSION_KEY, secrets.randbits(40), timeout=None)


@receiver(post_save, sender=Organization, dispatch_uid="tenancy_organization_saved")
@receiver(post_delete, sender=Organization, dispatch_uid="tenancy_organization_deleted")
@receiver(post_save, sender=SecondaryHost, dispatch_uid="tenancy_secondary_host_saved")
@receiver(post_delete, sender=SecondaryHost, dispatch_uid="tenancy_secondary_host_deleted")
def forget_hosts(**kwargs) -> None:
    """Retire every cached host answer: now, and once the change is visible to others."""
    _bump_version()
    transaction.on_commit(_bump_version, using=kwargs.get("using"))
