"""Every allauth flow stays inside the organisation of the host."""

from allauth.account.models import EmailAddress
from django.core import mail

from participation.models import User
from tests.accounts.helpers import current_code, links_sent_to, path_of, signup_data
from tests.conftest import host_client, system_client
from tests.factories import PASSWORD, make_operator, make_user

NEW_PASSWORD = "another-long-pass-phrase-42"


def request_reset(client, email, capture):
    with capture(execute=True):
        return client.post("/account/password/reset/", {"email": email})


def test_reset_on_b_never_mails_or_resets_a(
    organization, other_organization, django_capture_on_commit_callbacks
):
    user_a = make_user(organization, email="same@example.org")
    client_b = host_client(other_organization.host)
    response = request_reset(client_b, "same@example.org", django_capture_on_commit_callbacks)
    # Same answer as for a known address: nothing tells B that A has an account.
    assert response.status_code == 302 and response["Location"] == "/account/password/reset/done/"
    assert mail.outbox == []
    user_a.refresh_from_db()
    assert user_a.check_password(PASSWORD)


def test_reset_only_reaches_the_account_of_this_organisation(
    organization, other_organization, django_capture_on_commit_callbacks
):
    make_user(organization, email="same@example.org")
    user_b = make_user(other_organization, email="same@example.org")
    client_b = host_client(other_organization.host)
    request_reset(client_b, "same@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    [link] = [url for url in links_sent_to("same@example.org") if "/password/reset/key/" in url]
    assert link.startswith("http://ville-b.test/")
    # The key follows B's account: it resets B, on B's host.
    response = client_b.get(path_of(link))
    assert response.status_code == 302
    response = client_b.post(
        response["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user_b.refresh_from_db()
    assert user_b.check_password(NEW_PASSWORD)


def test_a_reset_link_of_a_is_refused_on_b(
    organization, other_organization, django_capture_on_commit_callbacks
):
    user_a = make_user(organization, email="same@example.org")
    client_a = host_client(organization.host)
    request_reset(client_a, "same@example.org", django_capture_on_commit_callbacks)
    [link] = [url for url in links_sent_to("same@example.org") if "/password/reset/key/" in url]
    client_b = host_client(other_organization.host)
    response = client_b.get(path_of(link))
    assert response.status_code == 400
    assert "invalide, déjà utilisé ou expiré" in response.content.decode()
    response = client_b.post(path_of(link), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 400
    user_a.refresh_from_db()
    assert user_a.check_password(PASSWORD)
    # Still valid where it belongs.
    assert client_a.get(path_of(link)).status_code == 302


def test_a_confirmation_link_of_a_is_refused_on_b(
    organization, other_organization, django_capture_on_commit_callbacks
):
    client_a = host_client(organization.host)
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/account/signup/", signup_data())
    [link, *_] = links_sent_to("camille@example.org")
    client_b = host_client(other_organization.host)
    response = client_b.get(path_of(link))
    assert response.status_code == 200
    assert "invalide ou a expiré" in response.content.decode()
    assert client_b.post(path_of(link)).status_code == 404
    assert not EmailAddress.objects.get(email="camille@example.org").verified
    assert client_a.post(path_of(link)).status_code == 302
    assert EmailAddress.objects.get(email="camille@example.org").verified


def test_operators_cannot_sign_in_on_an_organisation_host(organization):
    operator = make_operator()
    client = host_client(organization.host)
    response = client.post("/sign-in/", {"email": operator.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    # Nor can they ask for a reset link there.
    client.post("/account/password/reset/", {"email": operator.email})
    assert mail.outbox == []


def test_operator_sign_in_still_works_in_the_console(db):
    operator = make_operator()
    client = system_client()
    response = client.post("/system/sign-in/", {"email": operator.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/system/2fa/authenticate/"
    response = client.post(
        "/system/2fa/authenticate/", {"code": current_code(operator.totp_secret)}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == operator.pk


def test_changing_email_is_unique_per_organisation(
    organization, other_organization, django_capture_on_commit_callbacks
):
    make_user(organization, email="taken@example.org")
    make_user(other_organization, email="free-here@example.org")
    user = make_user(organization, email="me@example.org")
    client = host_client(organization.host, user)
    # Taken here: the same answer as a free address (no enumeration), and never adopted.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/email/", {"email": "taken@example.org", "action_add": ""})
    assert response.status_code == 302
    assert not [url for url in links_sent_to("taken@example.org") if "confirm-email" in url]
    # An address used in another organisation is free here; it needs confirming.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/account/email/", {"email": "free-here@example.org", "action_add": ""}
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "me@example.org"  # unchanged until confirmed
    [link, *_] = links_sent_to("free-here@example.org")
    assert link.startswith("http://ville-a.test/")
    client.post(path_of(link))
    user.refresh_from_db()
    assert user.email == "free-here@example.org"
    # The provisioned address was adopted as verified: no lock-out at next sign-in.
    fresh = host_client(organization.host)
    response = fresh.post("/sign-in/", {"email": "free-here@example.org", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in fresh.session


def test_provisioned_account_opening_the_email_page_keeps_signing_in(organization):
    user = make_user(organization, email="invited@example.org")
    host_client(organization.host, user).get("/account/email/")
    assert EmailAddress.objects.get(user=user).verified
    fresh = host_client(organization.host)
    fresh.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert int(fresh.session["_auth_user_id"]) == user.pk


def test_sign_up_cannot_choose_its_organisation(organization, other_organization):
    client = host_client(organization.host)
    data = signup_data(organization=other_organization.pk, is_org_admin="on", username="admin")
    client.post("/account/signup/", data)
    user = User.objects.get(email="camille@example.org")
    assert user.organization == organization and not user.is_org_admin
    assert user.username != "admin"
