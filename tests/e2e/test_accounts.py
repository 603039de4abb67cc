"""Sign-up to profile in a real Chromium: every page accessible, CSP intact."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, make_organization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def confirmation_link() -> str:
    [message] = [m for m in mail.outbox if "camille@example.org" in m.to]
    return re.search(r"https?://\S+/account/confirm-email/\S+/", message.body).group(0)


def test_sign_up_confirm_sign_in_and_see_the_profile(page, site):
    make_organization("Ville de Test", "ville-a.test")
    page.goto(site("ville-a.test", "/sign-in/"))
    page.get_by_role("link", name="Créer un compte").click()
    assert_accessible(page)

    # Submitting empty gives an error summary, then each field is filled.
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.fill("input[name=name]", "Camille Martin")
    page.fill("input[name=email]", "camille@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=accept_terms]")
    assert not page.is_checked("input[name=newsletter]")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/account/confirm-email/")
    expect(page.get_by_role("heading", name="Confirmez votre adresse électronique")).to_be_visible()
    assert_accessible(page)

    link = confirmation_link()
    assert link.startswith(site("ville-a.test", "/account/confirm-email/"))
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url(site("ville-a.test", "/"))
    page.get_by_role("button", name="Se déconnecter").click()

    page.goto(site("ville-a.test", "/sign-in/"))
    page.fill("input[name=email]", "camille@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_role("heading", name="Mon compte")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Voir mon profil public").click()
    assert page.url.endswith("/profiles/camille-martin/")
    expect(page.get_by_role("heading", name="Camille Martin")).to_be_visible()
    assert_accessible(page)

    # The two-factor set-up page, QR code included, passes axe and the CSP.
    page.goto(site("ville-a.test", "/account/2fa/totp/activate/"))
    if "/account/reauthenticate/" in page.url:  # a sensitive change asks the password again
        assert_accessible(page)
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Confirmer").click()
        page.wait_for_url("**/account/2fa/totp/activate/")
    expect(page.locator("img.qr-code")).to_be_visible()
    assert_accessible(page)
