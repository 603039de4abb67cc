"""Issue 12, smaller leaks: resets that change accounts, limits escaped by spelling,
links built from the request's host."""

from allauth.account.models import EmailAddress
from django.core import mail

from participation.models import SecondaryHost
from participation.services.organizations import invite_admin
from tests.accounts.helpers import links_sent_to, path_of
from tests.conftest import host_client
from tests.factories import PASSWORD, make_user


def _reset(client, capture, email):
    with capture(execute=True):
        return client.post("/account/password/reset/", {"email": email})


def test_reset_request_never_locks_an_invited_administrator_out(
    organization, django_capture_on_commit_callbacks
):
    """An invited administrator has no allauth address record: a stranger asking a reset
    for their address must not record one (unverified, it would lock them out)."""
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_admin(organization=organization, email="Boss@Example.org")
    admin = invitation.user
    admin.set_password(PASSWORD)
    admin.save()
    before = admin.__dict__.copy()
    stranger = host_client(organization.host)
    response = _reset(stranger, django_capture_on_commit_callbacks, "boss@example.org")
    assert response.status_code == 302
    assert not EmailAddress.objects.filter(user=admin).exists()
    admin.refresh_from_db()
    assert (admin.password, admin.is_active, admin.email) == (
        before["password"],
        before["is_active"],
        before["email"],
    )
    # The administrator still signs in and reaches the back-office.
    client = host_client(organization.host)
    signed_in = client.post("/sign-in/", {"email": "boss@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == admin.pk
    assert client.get("/admin/").status_code == 200


def test_reset_link_still_works_and_is_single_use(organization, django_capture_on_commit_callbacks):
    user = make_user(organization, email="camille@example.org")
    client = host_client(organization.host)
    _reset(client, django_capture_on_commit_callbacks, "  CAMILLE@example.org ")
    [link] = links_sent_to("camille@example.org")
    page = client.get(path_of(link), follow=True)
    assert page.status_code == 200
    action = page.redirect_chain[-1][0] if page.redirect_chain else path_of(link)
    new_password = "another-correct-horse-42"
    done = client.post(action, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert client.get(path_of(link)).status_code in (200, 400)
    assert "token_fail" not in page.content.decode()
    assert not EmailAddress.objects.filter(user=user, verified=False).exists()


def test_sign_in_limit_is_per_account_whatever_the_spelling(organization):
    user = make_user(organization, email="participant9@example.org")
    client = host_client(organization.host)
    for _ in range(5):
        client.post("/sign-in/", {"email": user.email, "password": "wrong-password"})
    for spelling in ("PARTICIPANT9@example.org", " Participant9@EXAMPLE.ORG "):
        response = client.post("/sign-in/", {"email": spelling, "password": PASSWORD})
        assert response.status_code == 400
        assert "Trop de tentatives" in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_reset_limit_is_per_account_whatever_the_spelling(
    organization, django_capture_on_commit_callbacks
):
    make_user(organization, email="target@example.org")
    client = host_client(organization.host)
    spellings = ["target@example.org", "TARGET@example.org", "Target@Example.Org"]
    statuses = [
        _reset(client, django_capture_on_commit_callbacks, spellings[n % 3]).status_code
        for n in range(7)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    assert len(mail.outbox) == 5
    # Sent to the account's own address, not to the spelling typed.
    assert all(message.to == ["target@example.org"] for message in mail.outbox)


def test_reset_link_is_on_the_organisation_host_whatever_the_request_host(
    settings, organization, django_capture_on_commit_callbacks
):
    """Host header with another port, a forwarded host or a secondary host: the
    e-mailed link always names the organisation's primary host."""
    settings.PUBLIC_SCHEME, settings.PUBLIC_PORT = "https", ""
    settings.USE_X_FORWARDED_HOST = True
    SecondaryHost.objects.create(organization=organization, hostname="alias.test")
    make_user(organization, email="camille@example.org")
    hosts = [
        {"HTTP_HOST": "ville-a.test:6666"},
        {"HTTP_HOST": "ville-a.test", "HTTP_X_FORWARDED_HOST": "ville-a.test:1234"},
    ]
    for extra in hosts:
        client = host_client(organization.host)
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/account/password/reset/", {"email": "camille@example.org"}, **extra)
    # A secondary host only redirects (to the primary host): nothing is sent from it.
    alias = host_client("alias.test")
    with django_capture_on_commit_callbacks(execute=True):
        redirected = alias.post("/account/password/reset/", {"email": "camille@example.org"})
    assert redirected.status_code == 301
    assert redirected["Location"].startswith("http://ville-a.test/")
    links = links_sent_to("camille@example.org")
    assert len(mail.outbox) == 2 and len(links) >= 2
    assert all(link.startswith("https://ville-a.test/") for link in links), links


def test_confirmation_link_uses_the_configured_port(
    settings, organization, django_capture_on_commit_callbacks
):
    settings.PUBLIC_SCHEME, settings.PUBLIC_PORT = "http", "8000"
    client = host_client("ville-a.test:7777")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/account/signup/",
            {
                "name": "Camille",
                "email": "camille@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "accept_terms": "on",
            },
        )
    links = links_sent_to("camille@example.org")
    assert links and all(link.startswith("http://ville-a.test:8000/") for link in links), links
