"""Reads: the providers an organisation offers on its sign-in page."""

from participation.models import Organization
from participation.oidc.models import IdentityProvider


def sign_in_providers(organization: Organization | None) -> list[IdentityProvider]:
    """Configured providers whose sign-in method the organisation has switched on."""
    if organization is None:
        return []
    methods = organization.sign_in_methods or []
    return list(
        IdentityProvider.objects.filter(organization=organization, kind__in=methods).order_by(
            "kind", "name"
        )
    )


def offered_provider(organization: Organization | None, slug: str) -> IdentityProvider | None:
    return next((p for p in sign_in_providers(organization) if p.slug == slug), None)


def providers_of(organization: Organization) -> list[IdentityProvider]:
    return list(IdentityProvider.objects.filter(organization=organization).order_by("kind", "name"))
