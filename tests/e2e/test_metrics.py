"""The metrics page in Chromium: an admin opens it; charts and tables are accessible."""

import pytest
from playwright.sync_api import expect

from synthesis.services import compute_daily_metrics
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, make_organization, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_opens_the_metrics(page, site):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    compute_daily_metrics()

    page.goto(site("ville-a.test", "/admin/metrics/"))
    page.get_by_label("Adresse e-mail").fill(admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/admin/metrics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicateurs")
    expect(page.get_by_role("img", name="Propositions")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="7 derniers jours").click()
    page.wait_for_url("**/admin/metrics/?days=7")
    page.get_by_text("Propositions : les chiffres").click()
    expect(page.get_by_role("table", name="Propositions, 7 derniers jours")).to_be_visible()
    assert_accessible(page)
