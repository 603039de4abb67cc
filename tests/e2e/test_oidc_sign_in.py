"""FranceConnect in a real Chromium, against a real OpenID Connect provider."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from participation.models import User
from participation.oidc.models import ProviderKind
from participation.oidc.services import create_provider
from tests.e2e.conftest import assert_accessible
from tests.factories import make_organization
from tests.oidc.conftest import ACCOUNT, CLIENT_ID, CLIENT_SECRET, launch_provider

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider_for_live_server(live_server, settings):
    settings.OIDC_ALLOW_HTTP_LOOPBACK = True
    port = urlsplit(live_server.url).port
    provider = launch_provider([f"http://ville-a.test:{port}"])
    yield provider
    provider.stop()


def test_franceconnect_sign_in_and_out_in_a_browser(page, site, provider_for_live_server):
    city = make_organization(
        "Ville de Test", "ville-a.test", sign_in_methods=["email", "franceconnect"]
    )
    create_provider(
        actor=None,
        organization=city,
        kind=ProviderKind.FRANCECONNECT,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        discovery_url=provider_for_live_server.discovery_url,
        platform="integration",
    )
    page.goto(site("ville-a.test", "/sign-in/"))
    button = page.get_by_role("button", name="S’identifier avec FranceConnect")
    assert button.is_visible()
    colour = button.evaluate("element => getComputedStyle(element).backgroundColor")
    assert colour == "rgb(0, 0, 145)"  # #000091, FranceConnect's blue
    expect(page.get_by_role("link", name="Qu’est-ce que FranceConnect ?")).to_be_visible()
    assert_accessible(page)

    button.click()
    page.wait_for_url(site("ville-a.test", "/"))
    expect(page.get_by_text("Vous êtes connecté·e avec FranceConnect.")).to_be_visible()
    expect(page.get_by_text("Alice Martin")).to_be_visible()
    assert User.objects.get(email=ACCOUNT["email"]).organization == city

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{provider_for_live_server.issuer}/session/end**")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(site("ville-a.test", "/"))
    expect(page.get_by_text("ici et auprès de votre fournisseur d’identité")).to_be_visible()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()


def test_a_participant_adds_franceconnect_from_the_account_page(
    page, site, provider_for_live_server
):
    from participation.oidc.models import IdentityLink
    from tests.conftest import PASSWORD, make_user

    city = make_organization(
        "Ville de Test", "ville-a.test", sign_in_methods=["email", "franceconnect"]
    )
    create_provider(
        actor=None,
        organization=city,
        kind=ProviderKind.FRANCECONNECT,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        discovery_url=provider_for_live_server.discovery_url,
        platform="integration",
    )
    user = make_user(city, email="camille@example.org", name="Camille")
    page.goto(site("ville-a.test", "/sign-in/"))
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_role("heading", name="Moyens de connexion")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Ajouter FranceConnect").click()
    page.wait_for_url("**/account/#sign-in-methods")
    expect(
        page.get_by_text("FranceConnect est maintenant une méthode de connexion")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Retirer FranceConnect")).to_be_visible()
    assert_accessible(page)
    assert IdentityLink.objects.get().user == user
