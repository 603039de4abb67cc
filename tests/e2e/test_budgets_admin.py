"""Budgets back-office in Chromium: budget, project on the map, paper ballot, published results."""

import re

import pytest
from playwright.sync_api import expect

from participation.components import services as components
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, ProcessFactory, StepFactory, make_organization, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _label(text: str):
    """A form label, with or without Django's (French) label suffix."""
    return re.compile(rf"^{re.escape(text)}\s*:?$")


def _sign_in(page, site, user, path):
    page.goto(site("ville-a.test", f"/sign-in/?next={path}"))
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{path}")


def test_admin_builds_a_budget_records_a_paper_ballot_and_publishes(page, browser, site, now):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test", name="Claire Fontaine")
    process = ProcessFactory(
        organization=city, slug="bp", title="Budget participatif", published_at=now
    )
    StepFactory(process=process, title="Vote", position=0, active=True)
    component = components.add_component(
        actor=admin, space=process, manifest_name="budgets", name="Vote du budget"
    )
    settings = {**component.settings, "vote_rule": "project_range", "minimum_projects": 1}
    components.configure_component(actor=admin, component=component, settings=settings)
    components.publish_component(actor=admin, component=component)
    index = component.admin_url("index")

    _sign_in(page, site, admin, index)
    expect(page.get_by_role("heading", name="Budgets de « Vote du budget »")).to_be_visible()
    assert_accessible(page)

    # A budget.
    page.get_by_role("link", name="Nouveau budget").click()
    page.get_by_label(_label("Titre")).fill("Centre-ville")
    page.get_by_label(_label("Montant (€)")).fill("100000")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Projets de « Centre-ville »")).to_be_visible()
    assert_accessible(page)

    # A project above the amount is refused with a clear message, then fixed.
    page.get_by_role("link", name="Nouveau projet").click()
    page.get_by_label(_label("Titre")).fill("Un kiosque à musique")
    page.get_by_label(_label("Coût (€)")).fill("150000")
    map_element = page.locator("#proposal-map-picker")
    map_element.wait_for()
    page.wait_for_function("document.querySelector('#proposal-map-picker.leaflet-container')")
    map_element.click(position={"x": 120, "y": 90})
    assert re.fullmatch(r"-?\d+\.\d{6}", page.get_by_label(_label("Latitude")).input_value())
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#id_cost_error")).to_contain_text("aucun bulletin ne pourrait le choisir")
    assert_accessible(page)
    page.get_by_label(_label("Coût (€)")).fill("60000")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("rowheader", name="Un kiosque à musique")).to_be_visible()
    page.get_by_role("link", name="Nouveau projet").click()
    page.get_by_label(_label("Titre")).fill("Des arbres rue Haute")
    page.get_by_label(_label("Coût (€)")).fill("30000")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("rowheader", name="Des arbres rue Haute")).to_be_visible()

    # A paper ballot: both projects would cost too much, one is fine.
    page.get_by_role("link", name="Bulletins papier").click()
    page.get_by_label("Un kiosque à musique").check()
    page.get_by_label("Des arbres rue Haute").check()
    page.get_by_label("Un kiosque à musique").uncheck()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer le bulletin papier").click()
    expect(page.get_by_text("Bulletin papier enregistré.")).to_be_visible()
    expect(page.get_by_role("cell", name="Claire Fontaine")).to_be_visible()
    assert_accessible(page)

    # Results: preview, publish, then the public page.
    page.get_by_role("link", name="Résultats", exact=True).click()
    expect(page.get_by_role("heading", name="Aperçu : dépouillement maintenant")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publier les résultats").click()
    expect(page.get_by_text("Résultats publiés.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Voir la page publique des résultats").click()
    expect(page.get_by_role("heading", name="Résultats de « Centre-ville »")).to_be_visible()
    expect(
        page.get_by_role("img", name="Votes pour chaque projet de « Centre-ville »")
    ).to_be_visible()
    table = page.get_by_role("table")
    expect(
        table.get_by_role("row", name=re.compile("Des arbres rue Haute.*Retenu"))
    ).to_be_visible()
    expect(page.get_by_text("Les projets les plus votés passent en premier")).to_be_visible()
    assert_accessible(page)

    # A visitor sees the same page.
    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.csp_violations = []
    visitor.goto(page.url)
    expect(visitor.get_by_role("heading", name="Résultats de « Centre-ville »")).to_be_visible()
    # Most votes first: the trees (1 vote), then the kiosk (no vote) still fits.
    funded = re.compile(r"Financé\s:\s90\s000\s€ sur un budget de 100\s000\s€")
    expect(visitor.get_by_text(funded)).to_be_visible()
    assert_accessible(visitor)
