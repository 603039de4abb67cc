"""A provider that does not vouch for the address never hands its mailbox a way in.

Against the real OpenID Connect provider (tests/oidc_provider), configured as a
company single sign-on: its ID token carries an e-mail address without
``email_verified``. The account it creates keeps that address unconfirmed; the
address's owner (perhaps not the person behind the provider identity) never gets
into that account by e-mail: no password-reset link is sent, a reset link made
for it opens nothing, and the address cannot be confirmed by e-mail.
"""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core import mail

from participation.accounts.tokens import ResetTokenGenerator
from participation.models import User
from participation.oidc.models import IdentityLink, ProviderKind
from participation.oidc.services import create_provider
from tests.accounts.helpers import links_sent_to
from tests.conftest import host_client
from tests.oidc.conftest import ACCOUNT, CLIENT_ID, CLIENT_SECRET

HOST = "http://ville-a.test"
ADDRESS = ACCOUNT["email"]
NEW_PASSWORD = "owner-takes-it-back-42"


@pytest.fixture
def intranet(organization, oidc_provider):
    organization.sign_in_methods = ["email", "oidc"]
    organization.save()
    return create_provider(
        actor=None,
        organization=organization,
        kind=ProviderKind.OIDC,
        name="Intranet",
        slug="intranet",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        discovery_url=oidc_provider.discovery_url,
    )


def sign_in_through_intranet(browser_client, django_capture_on_commit_callbacks) -> User:
    with django_capture_on_commit_callbacks(execute=True):
        url, response = browser_client.request("POST", f"{HOST}/oidc/start/intranet/")
    assert response.status_code == 200, url
    session = browser_client.client("ville-a.test").session
    user = User.objects.get(pk=session["_auth_user_id"])
    assert IdentityLink.objects.get(user=user).provider.slug == "intranet"
    return user


def test_the_address_is_recorded_unconfirmed_and_sign_in_still_works(
    intranet, organization, browser_client, django_capture_on_commit_callbacks
):
    user = sign_in_through_intranet(browser_client, django_capture_on_commit_callbacks)
    assert user.email == ADDRESS
    [address] = EmailAddress.objects.filter(user=user)
    assert address.email == ADDRESS and not address.verified
    # No confirmation e-mail sent to the address at sign-in.
    assert links_sent_to(ADDRESS) == []
    # Signing in again through the provider still works.
    browser_client.client("ville-a.test").logout()
    assert sign_in_through_intranet(browser_client, django_capture_on_commit_callbacks) == user


def test_the_address_owner_gets_no_reset_link(
    intranet, organization, browser_client, django_capture_on_commit_callbacks
):
    sign_in_through_intranet(browser_client, django_capture_on_commit_callbacks)
    owner = host_client(organization.host)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post("/account/password/reset/", {"email": ADDRESS})
    assert response.status_code == 302  # the usual "check your mailbox" answer
    assert [url for url in links_sent_to(ADDRESS) if "/password/reset/key/" in url] == []


def test_a_reset_link_made_for_the_account_opens_nothing(
    intranet, organization, browser_client, django_capture_on_commit_callbacks
):
    user = sign_in_through_intranet(browser_client, django_capture_on_commit_callbacks)
    path = (
        f"/account/password/reset/key/{user_pk_to_url_str(user)}-"
        f"{ResetTokenGenerator().make_token(user)}/"
    )
    owner = host_client(organization.host)
    assert owner.get(path).status_code == 400
    response = owner.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert "_auth_user_id" not in owner.session


def test_the_address_cannot_be_confirmed_by_e_mail(
    intranet, organization, browser_client, django_capture_on_commit_callbacks
):
    user = sign_in_through_intranet(browser_client, django_capture_on_commit_callbacks)
    address = EmailAddress.objects.get(user=user)
    # The account holder asks for a confirmation e-mail: none goes to the address.
    client = browser_client.client("ville-a.test")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/email/", {"email": ADDRESS, "action_send": ""})
    assert links_sent_to(ADDRESS) == []
    # And a confirmation key, however obtained, confirms nothing.
    key = EmailConfirmationHMAC(address).key
    owner = host_client(organization.host)
    owner.post(f"/account/confirm-email/{key}/")
    address.refresh_from_db()
    assert not address.verified
    assert "_auth_user_id" not in owner.session
    # So the reset stays closed.
    with django_capture_on_commit_callbacks(execute=True):
        owner.post("/account/password/reset/", {"email": ADDRESS})
    assert [url for url in links_sent_to(ADDRESS) if "/password/reset/key/" in url] == []


def test_a_provider_that_vouches_creates_no_unconfirmed_record(
    franceconnect, organization, browser_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        browser_client.request("POST", f"{HOST}/oidc/start/franceconnect/")
    user = User.objects.get(email=ADDRESS)
    assert not EmailAddress.objects.filter(user=user, verified=False).exists()
    owner = host_client(organization.host)
    with django_capture_on_commit_callbacks(execute=True):
        owner.post("/account/password/reset/", {"email": ADDRESS})
    assert [url for url in links_sent_to(ADDRESS) if "/password/reset/key/" in url]


def test_the_account_holder_can_replace_the_address_with_one_they_confirm(
    intranet, organization, browser_client, django_capture_on_commit_callbacks
):
    user = sign_in_through_intranet(browser_client, django_capture_on_commit_callbacks)
    client = browser_client.client("ville-a.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/email/", {"email": "mine@example.org", "action_add": ""})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == ADDRESS  # kept until the new one is confirmed
    [link] = [url for url in links_sent_to("mine@example.org") if "confirm-email" in url]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/" + link.split("/", 3)[3])
    user.refresh_from_db()
    assert user.email == "mine@example.org"
    assert EmailAddress.objects.get(user=user, email="mine@example.org").verified
    assert not EmailAddress.objects.filter(user=user, email=ADDRESS).exists()
