"""The change-address form does not tell whether another account uses an address.

As sign-up does: a taken address gets the very answer a free one gets, its owner is
e-mailed (with no link that could confirm it), and it can never become the address
of a second account of the organisation.
"""

import re

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail

from tests.accounts.helpers import links_sent_to
from tests.conftest import host_client
from tests.factories import make_user

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _add(client, address, capture):
    with capture(execute=True):
        response = client.post("/account/email/", {"email": address, "action_add": ""})
    page = client.get(response["Location"]) if response.status_code == 302 else response
    return response, CSRF.sub("", page.content.decode())


def test_taken_and_free_addresses_get_the_same_answer(
    organization, django_capture_on_commit_callbacks
):
    owner = make_user(organization, email="taken@example.org")
    first = make_user(organization, email="first@example.org", nickname="alpha", name="Alpha")
    second = make_user(organization, email="second@example.org", nickname="bravo", name="Bravo")
    taken, taken_page = _add(
        host_client(organization.host, first),
        "taken@example.org",
        django_capture_on_commit_callbacks,
    )
    free, free_page = _add(
        host_client(organization.host, second),
        "free@example.org",
        django_capture_on_commit_callbacks,
    )
    assert (
        (taken.status_code, taken["Location"])
        == (free.status_code, free["Location"])
        == (
            302,
            "/account/email/",
        )
    )
    assert "déjà" not in taken_page and "already" not in taken_page
    normalise = {"taken@example.org": "NEW", "free@example.org": "NEW"}
    normalise.update({"first@example.org": "OLD", "second@example.org": "OLD"})
    normalise.update({"alpha": "NICK", "bravo": "NICK", "Alpha": "NAME", "Bravo": "NAME"})

    def neutral(page):
        for address, placeholder in normalise.items():
            page = page.replace(address, placeholder)
        return page

    assert neutral(taken_page) == neutral(free_page)
    # The owner of the taken address is told; no confirmation link reaches it.
    [notice] = [m for m in mail.outbox if "taken@example.org" in m.to]
    assert "rien n’a été changé" in notice.body or "nothing was changed" in notice.body
    assert not [link for link in links_sent_to("taken@example.org") if "confirm-email" in link]
    assert [link for link in links_sent_to("free@example.org") if "confirm-email" in link]
    owner.refresh_from_db()
    first.refresh_from_db()
    assert (owner.email, first.email) == ("taken@example.org", "first@example.org")


def test_a_taken_address_is_never_confirmed_for_the_other_account(
    organization, django_capture_on_commit_callbacks
):
    make_user(organization, email="taken@example.org")
    user = make_user(organization, email="me@example.org")
    client = host_client(organization.host, user)
    _add(client, "taken@example.org", django_capture_on_commit_callbacks)
    pending = EmailAddress.objects.get(user=user, email="taken@example.org")
    # Asking again sends the notice again, still no link.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/email/", {"email": "taken@example.org", "action_send": ""})
    assert not [link for link in links_sent_to("taken@example.org") if "confirm-email" in link]
    # A key for it, however obtained, confirms nothing and answers no error page.
    response = client.post(f"/account/confirm-email/{EmailConfirmationHMAC(pending).key}/")
    assert response.status_code in (200, 302)
    pending.refresh_from_db()
    user.refresh_from_db()
    assert not pending.verified and user.email == "me@example.org"


def test_an_unconfirmed_address_never_becomes_the_accounts_address(
    organization, django_capture_on_commit_callbacks
):
    """allauth lets an account without a confirmed address make an unconfirmed one its
    own (here: accounts of a provider that did not vouch for their address). A taken
    address would then be a duplicate (an error page, telling it is taken)."""
    make_user(organization, email="taken@example.org")
    user = make_user(organization, email="me@example.org")
    EmailAddress.objects.create(user=user, email="me@example.org", verified=False, primary=True)
    client = host_client(organization.host, user)
    answers = []
    for address in ("taken@example.org", "free@example.org"):
        _add(client, address, django_capture_on_commit_callbacks)
        response = client.post("/account/email/", {"email": address, "action_primary": ""})
        answers.append((response.status_code, response["Location"]))
        user.refresh_from_db()
        assert user.email == "me@example.org"
    assert answers == [(302, "/account/email/")] * 2
