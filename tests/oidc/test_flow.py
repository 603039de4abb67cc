"""The whole authorization-code flow against a real OpenID Connect provider."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from participation.models import User
from participation.oidc.models import IdentityLink, ProviderKind
from participation.oidc.services import create_provider
from tests.conftest import host_client
from tests.oidc.conftest import ACCOUNT, CLIENT_ID, CLIENT_SECRET, is_callback, text_of

START = "http://ville-a.test/oidc/start/franceconnect/"


def test_sign_in_page_shows_the_franceconnect_button(franceconnect):
    body = text_of(host_client("ville-a.test").get("/sign-in/"))
    assert 'class="fr-connect"' in body
    assert "S’identifier avec" in body and "Qu’est-ce que FranceConnect\xa0?" in body
    assert "oidc/franceconnect.css" in body


def test_franceconnect_sign_in_creates_the_account_and_confirms_identity(
    franceconnect,
    organization,
    other_organization,
    oidc_provider,
    browser_client,
    confirmations,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        url, response = browser_client.request("POST", START, {"next": "/processes/"})
    assert url == "http://ville-a.test/processes/"
    assert response.status_code == 200
    user = User.objects.get(email=ACCOUNT["email"])
    assert user.organization == organization
    assert user.name == "Alice Martin"
    assert not user.has_usable_password()
    assert not User.objects.filter(organization=other_organization).exists()
    link = IdentityLink.objects.get(user=user)
    assert link.sub == ACCOUNT["sub"] and link.provider == franceconnect
    for claim in ("given_name", "family_name", "birthdate", "email"):
        assert link.claims[claim] == ACCOUNT[claim]
    assert link.claims["acr"] == "eidas1"
    # Signed in on this host, and the identity confirmation was announced once.
    assert browser_client.client("ville-a.test").session["_auth_user_id"] == str(user.pk)
    assert len(confirmations) == 1
    event = confirmations[0]
    assert event["user"] == user and event["organization"] == organization
    assert event["provider_kind"] == "franceconnect"
    assert event["claims"]["birthdate"] == "1980-06-15"
    # What the provider received: FranceConnect's parameters.
    asked = oidc_provider.last_authorization()
    assert asked["acr_values"] == "eidas1"
    assert asked["state"] and asked["nonce"]
    assert set(asked["scope"].split()) == {
        "openid",
        "given_name",
        "family_name",
        "birthdate",
        "email",
    }


def test_second_sign_in_reuses_the_linked_account(franceconnect, browser_client):
    browser_client.request("POST", START)
    other_browser = type(browser_client)()
    other_browser.request("POST", START)
    assert User.objects.filter(email=ACCOUNT["email"]).count() == 1
    assert IdentityLink.objects.count() == 1


def _refused(url, response, browser_client):
    body = text_of(response)
    assert response.status_code == 400
    assert "Échec de la connexion" in body
    assert "Aucun compte n’a été créé ni modifié." in body
    assert not User.objects.filter(email=ACCOUNT["email"]).exists()
    assert not IdentityLink.objects.exists()
    assert "_auth_user_id" not in browser_client.client(urlsplit(url).hostname).session
    return body


def _with_params(url: str, **changes) -> str:
    parts = urlsplit(url)
    params = {key: values[0] for key, values in parse_qs(parts.query).items()}
    params.update(changes)
    return parts._replace(query=urlencode(params)).geturl()


def test_tampered_state_is_refused(franceconnect, browser_client):
    callback, _ = browser_client.request("POST", START, stop_at=is_callback)
    url, response = browser_client.request("GET", _with_params(callback, state="forged-state"))
    body = _refused(url, response, browser_client)
    assert "n’est pas valable" in body


def test_replayed_callback_is_refused(franceconnect, browser_client):
    callback, _ = browser_client.request("POST", START, stop_at=is_callback)
    browser_client.request("GET", callback)
    user = User.objects.get(email=ACCOUNT["email"])
    client = browser_client.client("ville-a.test")
    client.logout()
    response = client.get(callback.replace("http://ville-a.test", ""))
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert User.objects.filter(email=ACCOUNT["email"]).get() == user


def test_wrong_nonce_is_refused(franceconnect, browser_client):
    callback, _ = browser_client.request("POST", START, stop_at=is_callback)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    session = browser_client.client("ville-a.test").session
    session["oidc_pending"][state]["nonce"] = "another-nonce"
    session.save()
    url, response = browser_client.request("GET", callback)
    _refused(url, response, browser_client)


def test_state_started_on_another_organisations_host_is_refused(
    franceconnect, other_organization, oidc_provider, browser_client
):
    other_organization.sign_in_methods = ["email", "franceconnect"]
    other_organization.save()
    create_provider(
        actor=None,
        organization=other_organization,
        kind=ProviderKind.FRANCECONNECT,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        discovery_url=oidc_provider.discovery_url,
        platform="integration",
    )
    callback, _ = browser_client.request("POST", START, stop_at=is_callback)
    # The attacker carries the session cookie of host A to host B.
    cookie = browser_client.client("ville-a.test").cookies["sessionid"].value
    browser_client.client("ville-b.test").cookies["sessionid"] = cookie
    url, response = browser_client.request("GET", callback.replace("ville-a.test", "ville-b.test"))
    _refused(url, response, browser_client)
    assert not User.objects.exists()


def test_provider_error_is_shown_and_creates_nothing(franceconnect, browser_client):
    callback, _ = browser_client.request("POST", START, stop_at=is_callback)
    denied = _with_params(callback, error="access_denied")
    url, response = browser_client.request("GET", denied)
    _refused(url, response, browser_client)


def test_wrong_client_secret_is_refused(franceconnect, browser_client):
    franceconnect.client_secret = "not-the-secret"
    franceconnect.save()
    url, response = browser_client.request("POST", START)
    _refused(url, response, browser_client)


def test_issuer_mix_up_in_the_callback_is_refused(franceconnect, browser_client):
    callback, _ = browser_client.request("POST", START, stop_at=is_callback)
    url, response = browser_client.request(
        "GET", _with_params(callback, iss="https://attacker.example")
    )
    _refused(url, response, browser_client)


def test_sign_out_goes_through_the_providers_end_session(franceconnect, browser_client):
    browser_client.request("POST", START)
    client = browser_client.client("ville-a.test")
    assert "_auth_user_id" in client.session
    body = client.get("/").content.decode()
    assert 'action="/oidc/sign-out/"' in body
    url, page = browser_client.request("POST", "http://ville-a.test/oidc/sign-out/")
    end_session = next(u for u in browser_client.visited if "/session/end" in u)
    params = parse_qs(urlsplit(end_session).query)
    assert params["post_logout_redirect_uri"] == ["http://ville-a.test/oidc/signed-out/"]
    assert params["state"][0] and params["id_token_hint"][0].count(".") == 2
    assert "_auth_user_id" not in client.session  # signed out here already
    # The provider asks for confirmation, then sends the visitor back with the state.
    action = re.search(r'action="([^"]+)"', page.text).group(1)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text).group(1)
    url, response = browser_client.request(
        "POST", requests_url(url, action), {"xsrf": xsrf, "logout": "yes"}
    )
    back = next(u for u in browser_client.visited if "/oidc/signed-out/" in u)
    assert parse_qs(urlsplit(back).query)["state"] == params["state"]
    assert url == "http://ville-a.test/"
    assert "ici et auprès de votre fournisseur d’identité" in response.content.decode()


def requests_url(base: str, action: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, action)
