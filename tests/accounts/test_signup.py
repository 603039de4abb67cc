"""Sign-up: per-organisation accounts, confirmation before taking part, consents."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from participation.accounts.models import NewsletterConsent, TermsAcceptance
from participation.models import ActionLog, User
from tests.accounts.helpers import links_sent_to, path_of, signup_data
from tests.conftest import host_client
from tests.factories import PASSWORD, make_user


def sign_up(client, capture, **overrides):
    with capture(execute=True):
        return client.post("/account/signup/", signup_data(**overrides))


def test_sign_up_confirm_then_sign_in(organization, django_capture_on_commit_callbacks):
    client = host_client(organization.host)
    assert client.get("/account/signup/").status_code == 200
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == "/account/confirm-email/"
    user = User.objects.get(email="camille@example.org")
    assert user.organization == organization
    assert len(user.username) == 32 and user.nickname == "camille-martin"
    assert user.name == "Camille Martin"
    # Not signed in before the address is confirmed.
    assert "_auth_user_id" not in client.session
    assert client.post("/sign-in/", {"email": user.email, "password": PASSWORD}).status_code == 302
    assert "_auth_user_id" not in client.session

    [link, *_] = links_sent_to("camille@example.org")
    assert link.startswith("http://ville-a.test/account/confirm-email/")
    confirm = client.get(path_of(link))
    assert confirm.status_code == 200 and "camille@example.org" in confirm.content.decode()
    assert client.post(path_of(link)).status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    fresh = host_client(organization.host)
    response = fresh.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert int(fresh.session["_auth_user_id"]) == user.pk


def test_terms_acceptance_and_newsletter_are_recorded(
    organization, django_capture_on_commit_callbacks
):
    client = host_client(organization.host)
    sign_up(client, django_capture_on_commit_callbacks, newsletter="on")
    user = User.objects.get(email="camille@example.org")
    acceptance = TermsAcceptance.objects.get(user=user)
    assert acceptance.version == 1 and acceptance.accepted_at is not None
    assert NewsletterConsent.objects.get(user=user).consented_at is not None
    assert ActionLog.objects.filter(organization=organization, action="accounts.signed_up").exists()


def test_newsletter_is_off_by_default(organization, django_capture_on_commit_callbacks):
    client = host_client(organization.host)
    body = client.get("/account/signup/").content.decode()
    assert 'name="newsletter"' in body and 'name="newsletter" checked' not in body
    sign_up(client, django_capture_on_commit_callbacks)
    user = User.objects.get(email="camille@example.org")
    assert NewsletterConsent.objects.get(user=user).consented_at is None


def test_terms_must_be_accepted(organization, django_capture_on_commit_callbacks):
    client = host_client(organization.host)
    data = signup_data()
    del data["accept_terms"]
    response = client.post("/account/signup/", data)
    assert response.status_code == 200
    assert "Vous devez accepter les conditions" in response.content.decode()
    assert not User.objects.filter(email="camille@example.org").exists()


def test_same_email_gives_two_separate_accounts(
    organization, other_organization, django_capture_on_commit_callbacks
):
    existing = make_user(organization, email="camille@example.org")
    client_b = host_client(other_organization.host)
    assert sign_up(client_b, django_capture_on_commit_callbacks).status_code == 302
    accounts = User.objects.filter(email__iexact="camille@example.org")
    assert accounts.count() == 2
    new = accounts.exclude(pk=existing.pk).get()
    assert new.organization == other_organization
    # The confirmation mail speaks of B and links to B's host.
    [link, *_] = links_sent_to("camille@example.org")
    assert link.startswith("http://ville-b.test/")


def test_email_taken_in_the_same_organisation_answers_as_a_new_address(
    organization, django_capture_on_commit_callbacks
):
    """Enumeration prevention: a known address gets the very answer a new one gets, no
    account is created, and the owner is told by e-mail that someone tried."""
    existing = make_user(organization, email="Camille@Example.org")
    taken_client = host_client(organization.host)
    taken = sign_up(taken_client, django_capture_on_commit_callbacks)
    new_client = host_client(organization.host)
    fresh = sign_up(new_client, django_capture_on_commit_callbacks, email="dominique@example.org")
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert (taken.status_code, taken["Location"]) == (302, "/account/confirm-email/")
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    taken_page = token.sub("", taken_client.get(taken["Location"]).content.decode())
    fresh_page = token.sub("", new_client.get(fresh["Location"]).content.decode())
    assert "déjà" not in taken_page
    assert taken_page.replace("camille@example.org", "X") == fresh_page.replace(
        "dominique@example.org", "X"
    )
    assert User.objects.filter(email__iexact="camille@example.org").get() == existing
    [message] = [m for m in mail.outbox if "camille@example.org" in m.to]
    assert "already exists" in message.body or "existe déjà" in message.body
    links = links_sent_to("camille@example.org")
    assert links and all(link.startswith("http://ville-a.test/") for link in links)


def test_nickname_taken_suggests_a_free_one(organization, django_capture_on_commit_callbacks):
    make_user(organization, nickname="camille")
    client = host_client(organization.host)
    response = sign_up(client, django_capture_on_commit_callbacks, nickname="camille")
    body = response.content.decode()
    assert response.status_code == 200 and "camille-2" in body


def test_nickname_may_repeat_across_organisations(
    organization, other_organization, django_capture_on_commit_callbacks
):
    make_user(organization, nickname="camille")
    client = host_client(other_organization.host)
    assert (
        sign_up(client, django_capture_on_commit_callbacks, nickname="camille").status_code == 302
    )
    assert User.objects.get(organization=other_organization).nickname == "camille"


def test_sign_up_closed_without_email_method(organization):
    organization.sign_in_methods = ["franceconnect"]
    organization.save()
    client = host_client(organization.host)
    page = client.get("/account/signup/")
    assert "Les inscriptions sont fermées" in page.content.decode()
    client.post("/account/signup/", signup_data())
    assert not User.objects.exists()
    assert "Créer un compte" not in client.get("/sign-in/").content.decode()


def test_confirmation_mail_speaks_for_the_organisation(
    organization, django_capture_on_commit_callbacks
):
    sign_up(host_client(organization.host), django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.subject.startswith("[Ville de Test] ")
    assert "Ville de Test" in message.body


@pytest.mark.parametrize("field", ["password2"])
def test_passwords_must_match(organization, field):
    client = host_client(organization.host)
    response = client.post("/account/signup/", signup_data(**{field: "something-else-entirely"}))
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()


def test_sign_up_help_texts_follow_the_visitors_language(organization):
    """The nickname help was glued together at import, so it stayed French for everyone."""
    client = host_client(organization.host)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/account/signup/").content.decode()
    assert "Leave empty to get one made from your name. Shown with your contributions" in english
    assert "Lettres" not in english and "Laissez vide" not in english
    french = host_client(organization.host).get("/account/signup/").content.decode()
    assert "Laissez vide pour qu’il soit créé à partir de votre nom. Affiché" in french
    assert "Leave empty" not in french
