"""Resolving the organisation of a request from its host name.

Every request needs it, so the answer is kept in Django's cache (Redis in
production, shared by every worker) under a key that carries a version number;
saving or deleting any organisation or secondary host bumps the version (at
once and again when the transaction commits), so no worker serves a stale
organisation — its name, colours, locales or hosts — after a change.
"""

import secrets
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
    key = f"tenancy:host:{version}:{hostname}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    match = _resolve_host_uncached(hostname)
    cache.set(key, match, HOST_CACHE_SECONDS)
    return match


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
