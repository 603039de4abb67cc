"""The back-office shell in Chromium: an admin signs in and opens it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, ProcessFactory, make_organization, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_signs_in_and_browses_the_back_office(page, site):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    ProcessFactory(organization=city, slug="brouillon", title="Budget 2028")

    page.goto(site("ville-a.test", "/admin/"))
    assert "/sign-in/" in page.url
    page.get_by_label("Adresse e-mail").fill(admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", level=1).inner_text() == "Back-office"
    assert_accessible(page)

    page.get_by_role("link", name="Espaces participatifs").first.click()
    page.wait_for_url("**/admin/spaces/")
    expect(page.get_by_role("rowheader", name="Budget 2028")).to_be_visible()
    assert_accessible(page)


def test_admin_appearance_and_legal_pages_are_accessible(page, site):

    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    page.goto(site("ville-a.test", "/sign-in/?next=/admin/organization/"))
    page.get_by_label("Adresse e-mail").fill(admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/admin/organization/")
    assert_accessible(page)
    page.get_by_role("link", name="Modifier Déclaration d’accessibilité").click()
    page.wait_for_url("**/admin/organization/legal/accessibility/")
    assert_accessible(page)
    page.get_by_label("Texte").fill("<p>Ce site est partiellement conforme au RGAA.</p>")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/admin/organization/")
    page.goto(site("ville-a.test", "/legal/accessibility/"))
    expect(page.get_by_text("Ce site est partiellement conforme au RGAA.")).to_be_visible()
    assert_accessible(page)
