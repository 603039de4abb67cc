"""The base pages in a real Chromium: tenancy, look, accessibility, no-JS forms."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participation.models import Organization
from tests.accounts.helpers import current_code
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, ProcessFactory, StepFactory, make_operator, make_organization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cities():
    city_a = make_organization("Ville de Test", "ville-a.test")
    city_b = make_organization("Autre Ville", "ville-b.test", primary_color="#7a1f5c")
    process = ProcessFactory(
        organization=city_a,
        slug="plan-velo",
        title="Plan vélo",
        published_at=timezone.now(),
        promoted=True,
        short_description="<p>Donnez votre avis sur les pistes cyclables.</p>",
    )
    StepFactory(process=process, title="Contributions", active=True)
    ProcessFactory(
        organization=city_b,
        slug="parc",
        title="Parc des Berges",
        published_at=timezone.now(),
        promoted=True,
    )
    return city_a, city_b


def test_home_page_is_accessible_and_themed(page, site, cities):
    response = page.goto(site("ville-a.test"))
    assert response.status == 200
    assert page.locator("h1").first.inner_text() == "Ville de Test"
    expect(page.get_by_role("link", name="Plan vélo")).to_be_visible()
    header_colour = page.eval_on_selector(
        ".site-header", "e => getComputedStyle(e).backgroundColor"
    )
    assert header_colour == "rgb(31, 78, 156)"  # the organisation's primary colour
    assert_accessible(page)


def test_two_organisations_on_two_hosts_see_only_their_own(page, site, cities):
    page.goto(site("ville-b.test"))
    assert page.locator("h1").first.inner_text() == "Autre Ville"
    expect(page.get_by_text("Parc des Berges")).to_be_visible()
    assert page.get_by_text("Plan vélo").count() == 0
    header_colour = page.eval_on_selector(
        ".site-header", "e => getComputedStyle(e).backgroundColor"
    )
    assert header_colour == "rgb(122, 31, 92)"
    assert page.goto(site("ville-b.test", "/processes/plan-velo/")).status == 404


def test_keyboard_user_can_skip_to_content_and_reach_navigation(page, site, cities):
    page.goto(site("ville-a.test"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_language_switch_works_without_javascript(browser, site, cities):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(site("ville-a.test", "/processes/"))
    assert page.locator("html").get_attribute("lang") == "fr"
    page.select_option("#language-select", "en")
    page.get_by_role("button", name="Changer").click()
    page.wait_for_url("**/processes/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/processes/", "/processes/plan-velo/", "/assemblies/", "/legal/accessibility/", "/sign-in/"],
)
def test_public_pages_are_accessible(page, site, cities, path):
    assert page.goto(site("ville-a.test", path)).status == 200
    assert_accessible(page)


def test_unknown_host_page_is_clear_and_accessible(page, site, cities):
    response = page.goto(site("inconnue.test"))
    assert response.status == 404
    assert "inconnue.test" in page.locator("main").inner_text()
    assert "Ville de Test" not in page.content()
    assert_accessible(page)


def test_operator_creates_an_organisation_in_the_console(page, site, cities, settings):
    settings.SYSTEM_HOST = "console.test"  # the console's own host (resolved by Chromium)
    operator = make_operator("ops@hebergeur.test")
    page.goto(site("console.test", "/system/"))
    assert "/system/sign-in/" in page.url
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill(operator.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # Operators have a second factor: its code is asked next.
    page.wait_for_url("**/system/2fa/authenticate/")
    assert_accessible(page)
    page.get_by_label("Code").fill(current_code(operator.totp_secret))
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/system/")
    expect(page.get_by_role("cell", name="ville-b.test")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nouvelle organisation").first.click()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Nom\s*:?$")).fill("Commune Nouvelle")
    page.get_by_label("Hôte principal").fill("nouvelle.test")
    page.get_by_label("Adresse e-mail du premier administrateur").fill("dgs@nouvelle.test")
    page.get_by_role("button", name="Créer l’organisation").click()
    page.wait_for_url("**/system/")
    expect(page.get_by_role("cell", name="nouvelle.test")).to_be_visible()
    assert Organization.objects.filter(host="nouvelle.test").exists()

    # The new organisation is served on its own host at once.
    page.goto(site("nouvelle.test"))
    assert page.locator("h1").first.inner_text() == "Commune Nouvelle"


def test_an_operator_sets_up_the_second_factor_first(page, site, settings):
    settings.SYSTEM_HOST = "console.test"  # the console's own host (resolved by Chromium)
    operator = make_operator("new-ops@hebergeur.test", second_factor=False)
    page.goto(site("console.test", "/system/sign-in/"))
    page.get_by_label("Adresse e-mail").fill(operator.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(site("console.test", "/system/"))
    page.wait_for_url("**/system/2fa/setup/")
    expect(page.locator("img.qr-code")).to_be_visible()
    assert_accessible(page)
