"""A provider identity is never attached to an account because the e-mail addresses match.

Against the real OpenID Connect provider (tests/oidc_provider): the takeover
prepared in advance (unconfirmed sign-up), the confirmed account with the same
address, the account with a second factor, and the linking/unlinking from the
account page that keeps one way in.
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from participation.accounts import services as account_services
from participation.models import ActionLog, User
from participation.oidc.models import IdentityLink, ProviderKind
from participation.oidc.services import create_provider
from tests.accounts.helpers import current_code, links_sent_to, path_of, signup_data
from tests.conftest import host_client
from tests.factories import PASSWORD, make_user
from tests.oidc.conftest import ACCOUNT, CLIENT_ID, CLIENT_SECRET, Browser, text_of

HOST = "http://ville-a.test"
START = f"{HOST}/oidc/start/franceconnect/"
ADMIN_EMAIL = ACCOUNT["email"]


def signed_in_id(browser) -> str | None:
    return browser.client("ville-a.test").session.get("_auth_user_id")


def password_sign_in(browser, user) -> None:
    response = browser.client("ville-a.test").post(
        "/sign-in/", {"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def refused_with(response, *fragments) -> str:
    body = text_of(response)
    assert response.status_code == 400, body[:500]
    assert "Échec de la connexion" in body
    for fragment in fragments:
        assert fragment in body
    return body


# --- Sign-in never lands in an existing account matched by e-mail --------------------------


def test_confirmed_admin_with_the_same_address_is_not_signed_in(
    franceconnect, organization, operator, browser_client, confirmations
):
    """The reported attack: FranceConnect carrying the address of an administrator with 2FA."""
    account_services.set_admin_mfa_requirement(
        actor=operator, organization=organization, required=True
    )
    admin = make_user(organization, email=ADMIN_EMAIL.upper(), admin=True, name="Admin")
    TOTP.activate(admin, generate_totp_secret())
    url, response = browser_client.request("POST", START, {"next": "/admin/"})
    body = refused_with(response, "Moyens de connexion", "mot de passe")
    assert "Aucun compte n’a été créé ni modifié." in body
    assert signed_in_id(browser_client) is None
    assert not IdentityLink.objects.exists()
    assert confirmations == []
    admin.refresh_from_db()
    assert admin.name == "Admin" and admin.has_usable_password()
    assert User.objects.filter(organization=organization).count() == 1
    # And no way around it: the back-office still answers "sign in" to this browser.
    assert browser_client.client("ville-a.test").get("/admin/").status_code == 302


def test_confirmed_self_registered_account_is_not_signed_in(
    franceconnect, organization, browser_client, django_capture_on_commit_callbacks
):
    client = browser_client.client("ville-a.test")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/signup/", signup_data(email=ADMIN_EMAIL, name="Owner"))
    [link, *_] = links_sent_to(ADMIN_EMAIL)
    client.post(path_of(link))
    client.logout()
    owner = User.objects.get(email=ADMIN_EMAIL)
    url, response = browser_client.request("POST", START)
    refused_with(response, "Moyens de connexion")
    assert signed_in_id(browser_client) is None
    assert not IdentityLink.objects.exists()
    assert User.objects.get(email=ADMIN_EMAIL) == owner


def test_takeover_prepared_with_an_unconfirmed_sign_up_fails(
    franceconnect, organization, browser_client, confirmations, django_capture_on_commit_callbacks
):
    """The attacker signs up with the victim's address and a password, never confirms."""
    attacker = host_client(organization.host)
    with django_capture_on_commit_callbacks(execute=True):
        attacker.post(
            "/account/signup/",
            signup_data(email=ADMIN_EMAIL, name="Mallory", nickname="mallory"),
        )
    prepared = User.objects.get(email=ADMIN_EMAIL)
    [confirmation_link, *_] = links_sent_to(ADMIN_EMAIL)

    # The victim signs in with FranceConnect.
    with django_capture_on_commit_callbacks(execute=True):
        url, response = browser_client.request("POST", START, {"next": "/processes/"})
    assert url == f"{HOST}/processes/" and response.status_code == 200
    # One message, naming the provider.
    assert "Vous êtes connecté·e avec FranceConnect." in text_of(response)
    assert "Connexion avec" not in text_of(response)
    victim = User.objects.get(organization=organization, email__iexact=ADMIN_EMAIL)
    assert victim.pk != prepared.pk
    assert not User.objects.filter(pk=prepared.pk).exists()  # replaced, not merged
    assert victim.name == "Alice Martin" and victim.nickname != "mallory"
    assert not victim.has_usable_password()
    assert signed_in_id(browser_client) == str(victim.pk)
    assert IdentityLink.objects.get().user == victim
    assert [event["user"] for event in confirmations] == [victim]
    assert ActionLog.objects.filter(action="oidc.unconfirmed_account_replaced").exists()

    # The attacker's password and confirmation link open nothing.
    attacker.logout()
    attacker.post(path_of(confirmation_link))
    response = attacker.post("/sign-in/", {"email": ADMIN_EMAIL, "password": PASSWORD})
    assert "_auth_user_id" not in attacker.session
    assert response.status_code in (200, 400)


def test_unconfirmed_sign_up_is_left_alone_when_the_provider_did_not_confirm_the_address(
    organization, oidc_provider, browser_client, django_capture_on_commit_callbacks
):
    """A company provider that sends no email_verified: no replacement, no merge."""
    organization.sign_in_methods = ["email", "oidc"]
    organization.save()
    create_provider(
        actor=None,
        organization=organization,
        kind=ProviderKind.OIDC,
        name="Intranet",
        slug="intranet",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        discovery_url=oidc_provider.discovery_url,
    )
    with django_capture_on_commit_callbacks(execute=True):
        host_client(organization.host).post(
            "/account/signup/", signup_data(email=ADMIN_EMAIL, name="Mallory")
        )
    prepared = User.objects.get(email=ADMIN_EMAIL)
    url, response = browser_client.request("POST", f"{HOST}/oidc/start/intranet/")
    refused_with(response)
    assert signed_in_id(browser_client) is None
    assert list(User.objects.filter(email=ADMIN_EMAIL)) == [prepared]
    assert not IdentityLink.objects.exists()


# --- The account's second factor is asked -------------------------------------------------


def linked_account(organization, provider, **fields) -> User:
    user = make_user(organization, email="someone.else@example.org", **fields)
    IdentityLink.objects.create(
        organization=organization, provider=provider, user=user, sub=ACCOUNT["sub"]
    )
    return user


def test_linked_account_with_a_second_factor_is_asked_for_it(
    franceconnect, organization, browser_client
):
    user = linked_account(organization, franceconnect)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    url, response = browser_client.request(
        "POST", START, {"next": "/processes/"}, stop_at=lambda u: "/2fa/authenticate/" in u
    )
    assert url == f"{HOST}/account/2fa/authenticate/"
    assert signed_in_id(browser_client) is None
    client = browser_client.client("ville-a.test")
    assert client.get("/account/2fa/authenticate/").status_code == 200
    assert client.get("/account/").status_code == 302  # not signed in
    client.post("/account/2fa/authenticate/", {"code": "000000"})
    assert signed_in_id(browser_client) is None
    response = client.post("/account/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302 and response["Location"] == "/processes/"
    assert signed_in_id(browser_client) == str(user.pk)


def test_admin_who_must_have_a_second_factor_is_sent_to_set_it_up(
    franceconnect, organization, operator, browser_client
):
    account_services.set_admin_mfa_requirement(
        actor=operator, organization=organization, required=True
    )
    admin = linked_account(organization, franceconnect, admin=True)
    browser_client.request("POST", START)
    assert signed_in_id(browser_client) == str(admin.pk)
    response = browser_client.client("ville-a.test").get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/account/2fa/totp/activate/"


# --- Sign-in methods on the account page ------------------------------------------------


def test_link_needs_a_recent_password_then_links_and_signs_in_later(
    franceconnect, organization, browser_client, confirmations, django_capture_on_commit_callbacks
):
    user = make_user(organization, email="owner@example.org")
    client = browser_client.client("ville-a.test")
    client.force_login(user, backend="participation.auth_backends.OrganizationEmailBackend")
    page = text_of(client.get("/account/"))
    assert "Moyens de connexion" in page and "Ajouter FranceConnect" in page
    # No recent password in this session: confirm it first.
    url, response = browser_client.request("POST", START, {"mode": "link"})
    assert url.startswith(f"{HOST}/account/reauthenticate/")
    assert not IdentityLink.objects.exists()
    response = client.post(
        "/account/reauthenticate/?next=/account/%23sign-in-methods", {"password": PASSWORD}
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        url, response = browser_client.request("POST", START, {"mode": "link"})
    assert url == f"{HOST}/account/#sign-in-methods" and response.status_code == 200
    assert "FranceConnect est maintenant une méthode de connexion" in text_of(response)
    link = IdentityLink.objects.get()
    assert link.user == user and link.sub == ACCOUNT["sub"]
    assert [event["user"] for event in confirmations] == [user]
    assert ActionLog.objects.filter(action="oidc.identity_linked").exists()
    user.refresh_from_db()
    assert user.email == "owner@example.org"  # nothing of the account changed
    # Later, FranceConnect signs in to this account.
    client.logout()
    other = Browser()
    other.request("POST", START)
    assert signed_in_id(other) == str(user.pk)


def test_link_also_needs_the_second_factor(franceconnect, organization, browser_client):
    user = make_user(organization)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = browser_client.client("ville-a.test")
    # A full sign-in: password, then the code.
    client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    client.post("/account/2fa/authenticate/", {"code": current_code(secret)})
    assert signed_in_id(browser_client) == str(user.pk)
    url, _ = browser_client.request("POST", START, {"mode": "link"})
    assert not url.startswith(f"{HOST}/account/reauthenticate/")  # both factors are recent
    assert IdentityLink.objects.get().user == user

    # Minutes later, both factors are asked again.
    IdentityLink.objects.all().delete()
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 3600
    session.save()
    url, _ = browser_client.request("POST", START, {"mode": "link"})
    assert url.startswith(f"{HOST}/account/reauthenticate/")
    client.post("/account/reauthenticate/", {"password": PASSWORD})
    url, _ = browser_client.request("POST", START, {"mode": "link"})
    assert url.startswith(f"{HOST}/account/2fa/reauthenticate/")
    assert not IdentityLink.objects.exists()
    Authenticator.objects.filter(user=user, type="totp").delete()
    new_secret = generate_totp_secret()
    TOTP.activate(user, new_secret)
    client.post("/account/2fa/reauthenticate/", {"code": current_code(new_secret)})
    browser_client.request("POST", START, {"mode": "link"})
    assert IdentityLink.objects.get().user == user


def test_link_refused_when_the_identity_belongs_to_another_account(
    franceconnect, organization, browser_client
):
    owner = linked_account(organization, franceconnect)
    user = make_user(organization)
    password_sign_in(browser_client, user)
    url, response = browser_client.request("POST", START, {"mode": "link"})
    refused_with(response, "déjà liée à un autre compte")
    assert IdentityLink.objects.get().user == owner


def test_link_started_by_another_session_user_is_refused(
    franceconnect, organization, browser_client
):
    """A link flow finished after the session changed hands attaches nothing."""
    from tests.oidc.conftest import is_callback

    user = make_user(organization)
    password_sign_in(browser_client, user)
    callback, _ = browser_client.request("POST", START, {"mode": "link"}, stop_at=is_callback)
    client = browser_client.client("ville-a.test")
    other = make_user(organization)
    session = client.session
    session["_auth_user_id"] = str(other.pk)
    session.save()
    url, response = browser_client.request("GET", callback)
    assert response.status_code == 400
    assert not IdentityLink.objects.exists()


def test_remove_keeps_one_way_in(franceconnect, organization, oidc_provider, browser_client):
    organization.sign_in_methods = ["email", "franceconnect", "oidc"]
    organization.save()
    intranet = create_provider(
        actor=None,
        organization=organization,
        kind=ProviderKind.OIDC,
        name="Intranet",
        slug="intranet",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        discovery_url=oidc_provider.discovery_url,
    )
    # An account created by FranceConnect: no password.
    browser_client.request("POST", START)
    user = User.objects.get(email=ADMIN_EMAIL)
    client = browser_client.client("ville-a.test")
    fc_link = IdentityLink.objects.get(user=user)
    page = text_of(client.get("/account/"))
    assert "seul moyen d’entrer dans votre compte" in page
    response = client.post(f"/oidc/links/{fc_link.pk}/remove/")
    assert response.status_code == 302
    assert IdentityLink.objects.filter(pk=fc_link.pk).exists()
    assert "seul moyen" in text_of(client.get("/account/"))

    # Adding the intranet: the account has no password, so it confirms through FranceConnect.
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 3600
    session.save()
    url, response = browser_client.request("POST", f"{HOST}/oidc/start/intranet/", {"mode": "link"})
    assert url.startswith(f"{HOST}/oidc/reauthenticate/")
    assert "Continuer avec FranceConnect" in text_of(response)
    url, _ = browser_client.request(
        "POST", START, {"mode": "reauth", "next": "/account/#sign-in-methods"}
    )
    assert url == f"{HOST}/account/#sign-in-methods"
    url, _ = browser_client.request("POST", f"{HOST}/oidc/start/intranet/", {"mode": "link"})
    assert IdentityLink.objects.get(provider=intranet).user == user

    # Now FranceConnect can go: the intranet remains.
    client.post(f"/oidc/links/{fc_link.pk}/remove/")
    assert not IdentityLink.objects.filter(pk=fc_link.pk).exists()
    assert ActionLog.objects.filter(action="oidc.identity_unlinked").exists()
    intranet_link = IdentityLink.objects.get(provider=intranet)
    client.post(f"/oidc/links/{intranet_link.pk}/remove/")
    assert IdentityLink.objects.filter(pk=intranet_link.pk).exists()


def test_a_password_is_a_way_in_and_removing_asks_to_confirm_first(
    franceconnect, organization, browser_client
):
    user = linked_account(organization, franceconnect)
    link = IdentityLink.objects.get(user=user)
    client = host_client(organization.host, user)  # a session without a recent sign-in
    response = client.post(f"/oidc/links/{link.pk}/remove/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/reauthenticate/")
    assert IdentityLink.objects.filter(pk=link.pk).exists()
    client.post("/account/reauthenticate/", {"password": PASSWORD})
    response = client.post(f"/oidc/links/{link.pk}/remove/")
    assert response["Location"] == "/account/#sign-in-methods"
    assert not IdentityLink.objects.exists()


def test_nobody_removes_someone_elses_link(franceconnect, organization):
    owner = linked_account(organization, franceconnect)
    link = IdentityLink.objects.get(user=owner)
    intruder = make_user(organization)
    client = host_client(organization.host, intruder)
    client.post("/account/reauthenticate/", {"password": PASSWORD})
    response = client.post(f"/oidc/links/{link.pk}/remove/")
    assert response["Location"] == "/account/#sign-in-methods"
    assert IdentityLink.objects.filter(pk=link.pk).exists()


def test_reauth_mode_with_an_identity_not_linked_to_the_account_is_refused(
    franceconnect, organization, browser_client
):
    user = make_user(organization)
    user.set_unusable_password()
    user.save()
    IdentityLink.objects.create(
        organization=organization,
        provider=franceconnect,
        user=user,
        sub="another-subject",
        last_sign_in_at=timezone.now(),
    )
    client = browser_client.client("ville-a.test")
    client.force_login(user, backend="participation.auth_backends.OrganizationEmailBackend")
    url, response = browser_client.request("POST", START, {"mode": "reauth"})
    refused_with(response, "n’est pas celle liée à votre compte")
    assert "account_authentication_methods" not in client.session


@pytest.mark.parametrize("mode", ["link", "reauth"])
def test_link_and_reauth_need_a_signed_in_account(franceconnect, browser_client, mode):
    url, response = browser_client.request("POST", START, {"mode": mode})
    assert "/sign-in/" in url
    assert not IdentityLink.objects.exists()


def test_account_without_password_confirms_through_its_provider_to_set_up_a_second_factor(
    franceconnect, browser_client
):
    """allauth knows no re-authentication for such accounts: the provider stands in."""
    browser_client.request("POST", START)  # an account created by FranceConnect
    url, response = browser_client.request("GET", f"{HOST}/account/2fa/totp/activate/")
    assert url.startswith(f"{HOST}/oidc/reauthenticate/")
    assert "Continuer avec FranceConnect" in text_of(response)
    url, response = browser_client.request(
        "POST", START, {"mode": "reauth", "next": "/account/2fa/totp/activate/"}
    )
    assert url == f"{HOST}/account/2fa/totp/activate/"
    assert response.status_code == 200 and 'src="data:image/svg+xml' in text_of(response)
