"""A provider kind with a well-known discovery address gets it when none is typed."""

from participation.oidc.models import GOOGLE_DISCOVERY, ProviderKind
from participation.oidc.services import create_provider


def test_a_google_provider_without_address_gets_googles(organization):
    # The type checker found this path reading a name the protocol module does not have.
    provider = create_provider(
        actor=None,
        organization=organization,
        kind=ProviderKind.GOOGLE,
        client_id="client",
        client_secret="secret",
        slug="google",
    )
    provider.refresh_from_db()
    assert provider.discovery_url == GOOGLE_DISCOVERY
    assert provider.name == "Google"
