"""Resolving the organisation of a request from its host name."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from participation.models import Organization, SecondaryHost


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
