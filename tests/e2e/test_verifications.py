"""Verification in a real Chromium: census check, a second account refused, accessibility."""

import pytest
from playwright.sync_api import expect

from participation.verifications import services
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, make_organization, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CENSUS = b"document_number;birth_date\nAB123456;17/05/1980\n"


@pytest.fixture
def city():
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="admin@ville-a.test")
    services.set_enabled_methods(
        actor=admin, organization=city, methods=["census", "postal_letter"]
    )
    services.upload_census(
        actor=admin, organization=city, data=CENSUS, fields="document_number,birth_date"
    )
    return city, admin


def sign_in(page, site, email):
    page.goto(site("ville-a.test", "/sign-in/?next=/verifications/"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/verifications/")


def verify(page):
    page.get_by_role("link", name="Vérifier avec : Registre des habitant·es").click()
    page.get_by_label("Numéro de la pièce d’identité").fill("AB 123 456")
    page.get_by_label("Date de naissance").fill("1980-05-17")
    page.get_by_role("button", name="Vérifier mes informations").click()


def test_resident_verified_by_census_then_second_account_refused(page, site, city, browser):
    city_org, _admin = city
    make_user(city_org, email="anne@example.org")
    make_user(city_org, email="bis@example.org")
    sign_in(page, site, "anne@example.org")
    assert page.locator("h1").inner_text() == "Vérifier mon compte"
    assert_accessible(page)
    verify(page)
    expect(page.get_by_text("Votre compte est maintenant vérifié.")).to_be_visible()
    assert page.locator(".badge-active").count() == 1
    assert_accessible(page)

    other = browser.new_context(locale="fr-FR").new_page()
    other.csp_violations = []
    sign_in(other, site, "bis@example.org")
    verify(other)
    summary = other.get_by_role("alert")
    assert "déjà servi à vérifier un autre compte" in summary.inner_text()
    assert_accessible(other)
    other.context.close()


def test_admin_pages_are_accessible(page, site, city):
    _city, admin = city
    page.goto(site("ville-a.test", "/sign-in/?next=/admin/verifications/census/"))
    page.get_by_label("Adresse e-mail").fill(admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/admin/verifications/census/")
    assert page.locator("h1").inner_text() == "Recensement"
    assert_accessible(page)
    page.get_by_role("link", name="Méthodes").click()
    assert page.get_by_label("Registre des habitant·es").is_checked()
    assert_accessible(page)
    page.get_by_role("link", name="Participant·es vérifié·es").click()
    assert_accessible(page)
