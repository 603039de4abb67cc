"""Resolving the organisation of a request from its host name.

Every request needs it, so the answer is kept in Django's cache (Redis in
production, shared by every worker) under a key that carries a version number
(``participation.cache_versions``). The services that write organisations and
their secondary hosts (``participation.services.organizations``, the only code
that does) retire that version through ``hosts_changed`` (at once and again when
the transaction commits), so no worker serves a stale organisation — its name,
colours, locales or hosts — after a change.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from participation import cache_versions
from participation.models import Organization, SecondaryHost

HOSTS_VERSION = "tenancy:hosts"
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
    version = cache_versions.current(HOSTS_VERSION)
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


def hosts_changed(using: str | None = None) -> None:
    """Retire every cached host answer: now, and once the change is visible to others.

    For the services that write an organisation or its secondary hosts; nothing else
    writes them (tests/participation/test_cache_writers.py)."""
    cache_versions.retire(HOSTS_VERSION, using=using)
