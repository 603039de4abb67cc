"""Which providers a host offers, and company single sign-on against the real provider."""

import pytest

from participation.models import User
from participation.oidc.models import IdentityLink, ProviderKind
from participation.oidc.services import create_provider
from participation.oidc.signals import identity_confirmed
from participation.services.organizations import update_organization
from tests.conftest import host_client
from tests.factories import make_user
from tests.oidc.conftest import ACCOUNT, CLIENT_ID, CLIENT_SECRET


def _configure(organization, provider, kind, methods, slug=""):
    organization.sign_in_methods = ["email", *methods]
    organization.save()
    return create_provider(
        actor=None,
        organization=organization,
        kind=kind,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        discovery_url=provider.discovery_url,
        name="Intranet" if kind == ProviderKind.OIDC else "",
        slug=slug,
        platform="integration" if kind == ProviderKind.FRANCECONNECT else "",
    )


@pytest.fixture
def intranet(organization, oidc_provider):
    return _configure(organization, oidc_provider, ProviderKind.OIDC, ["oidc"], slug="intranet")


def test_company_sign_on_creates_an_account_without_identity_confirmation(
    intranet, organization, browser_client, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    identity_confirmed.connect(receiver)
    try:
        client = host_client(organization.host)
        assert "Se connecter avec Intranet" in client.get("/sign-in/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            url, response = browser_client.request(
                "POST", "http://ville-a.test/oidc/start/intranet/"
            )
    finally:
        identity_confirmed.disconnect(receiver)
    assert url == "http://ville-a.test/" and response.status_code == 200
    user = User.objects.get(email=ACCOUNT["email"])
    assert user.organization == organization and user.name == "Alice Martin"
    assert IdentityLink.objects.get().claims["birthdate"] == ACCOUNT["birthdate"]
    assert received == []  # only FranceConnect confirms an identity


def test_unverified_email_of_an_existing_account_is_not_taken_over(
    intranet, organization, browser_client
):
    # The test provider sends no email_verified: a company provider's address is not trusted.
    existing = make_user(organization, email=ACCOUNT["email"])
    url, response = browser_client.request("POST", "http://ville-a.test/oidc/start/intranet/")
    assert response.status_code == 400
    assert "Un compte de ce site utilise déjà l’adresse e-mail" in response.content.decode()
    assert not IdentityLink.objects.exists()
    assert User.objects.filter(organization=organization).get() == existing
    assert "_auth_user_id" not in browser_client.client("ville-a.test").session


def test_a_provider_of_organisation_a_is_never_used_on_bs_host(
    intranet, other_organization, browser_client
):
    other_organization.sign_in_methods = ["email", "oidc", "franceconnect"]
    other_organization.save()
    body = host_client(other_organization.host).get("/sign-in/").content.decode()
    assert "Intranet" not in body and "fr-connect" not in body
    url, response = browser_client.request("POST", "http://ville-b.test/oidc/start/intranet/")
    assert response.status_code == 404
    assert not User.objects.exists()


def test_a_provider_is_offered_only_when_its_sign_in_method_is_on(
    organization, oidc_provider, browser_client
):
    _configure(organization, oidc_provider, ProviderKind.FRANCECONNECT, [])
    client = host_client(organization.host)
    assert "fr-connect" not in client.get("/sign-in/").content.decode()
    url, response = browser_client.request("POST", "http://ville-a.test/oidc/start/franceconnect/")
    assert response.status_code == 404
    update_organization(
        actor=None, organization=organization, sign_in_methods=["email", "franceconnect"]
    )
    assert "fr-connect" in client.get("/sign-in/").content.decode()


def test_start_needs_a_post(intranet, organization):
    assert host_client(organization.host).get("/oidc/start/intranet/").status_code == 405


def test_an_unreachable_provider_gives_a_clear_message(organization, oidc_provider):
    provider = _configure(organization, oidc_provider, ProviderKind.OIDC, ["oidc"], slug="down")
    provider.discovery_url = "http://127.0.0.1:9/.well-known/openid-configuration"
    provider.save()
    response = host_client(organization.host).post("/oidc/start/down/")
    assert response.status_code == 502
    assert "n’a pas pu aboutir" in response.content.decode()
