"""Reads: the providers an organisation offers on its sign-in page."""

from participation.models import Organization
from participation.oidc.models import IdentityLink, IdentityProvider


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


def linked_offered_providers(user) -> list[IdentityProvider]:
    """The providers on the sign-in page that are linked to this account."""
    linked = set(IdentityLink.objects.filter(user=user).values_list("provider_id", flat=True))
    return [p for p in sign_in_providers(user.organization) if p.pk in linked]


def sign_in_methods(user) -> list[dict]:
    """The account page's "Sign-in methods": each offered provider, linked or not."""
    from participation.oidc.services import can_remove_link

    links = {
        link.provider_id: link
        for link in IdentityLink.objects.filter(
            user=user, organization_id=user.organization_id
        ).select_related("provider")
    }
    rows = []
    for provider in sign_in_providers(user.organization):
        link = links.pop(provider.pk, None)
        rows.append(
            {
                "provider": provider,
                "link": link,
                "removable": link is not None and can_remove_link(user=user, link=link),
            }
        )
    # Links to providers no longer offered can still be removed.
    for link in links.values():
        rows.append({"provider": link.provider, "link": link, "removable": True})
    return rows
