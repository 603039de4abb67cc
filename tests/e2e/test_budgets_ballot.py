"""A verified resident votes in a participatory budget, in Chromium, with and without JavaScript."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from budgets.models import Ballot, BallotStatus
from tests.budgets.ballot_helpers import require_verification, verify
from tests.e2e.conftest import assert_accessible
from tests.factories import (
    PASSWORD,
    ProcessFactory,
    StepFactory,
    make_budget,
    make_open_budgets,
    make_organization,
    make_project,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, site, user, path):
    page.goto(site("ville-a.test", f"/sign-in/?next={path}"))
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{path}")


@pytest.fixture
def vote(now):

    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="admin@ville-a.test")
    process = ProcessFactory(
        organization=city, slug="bp-2027", title="Budget participatif 2027", published_at=now
    )
    StepFactory(process=process, title="Vote", position=0, active=True)
    component = make_open_budgets(process, actor=admin, name="Budget participatif")
    require_verification(admin, component)
    budget = make_budget(component, "Centre-ville", total="100000")
    projects = {
        title: make_project(budget, title, cost, position=n)
        for n, (title, cost) in enumerate(
            [
                ("Jardin partagé", "40000"),
                ("Bancs au bord de la Loire", "20000"),
                ("Boîtes à livres", "10000"),
                ("Skatepark", "60000"),
            ]
        )
    }
    resident = make_user(city, email="rose@ville-a.test", name="Rose")
    verify(admin, resident)
    return component, budget, projects, resident


def _add(page, title):
    page.get_by_role("button", name=f"Ajouter « {title} » à mon vote").click()
    expect(page.locator("#ballot-live")).to_contain_text(f"« {title} » est ajouté à votre vote.")


def test_verified_resident_fills_casts_and_is_confirmed(page, site, vote):
    component, budget, projects, resident = vote
    listing = component.url("budget", pk=budget.pk)
    _sign_in(page, site, resident, listing)
    # One budget: the component opens on it.
    page.goto(site("ville-a.test", component.url("index")))
    page.wait_for_url(f"**{listing}")
    expect(page.get_by_role("heading", name="Centre-ville", exact=True)).to_be_visible()
    assert_accessible(page)

    # With JavaScript: added without reloading, the indicator follows, read out politely.
    _add(page, "Bancs au bord de la Loire")
    _add(page, "Boîtes à livres")
    expect(page.locator("#ballot-live")).to_contain_text("30 % du budget")
    expect(page.locator("#ballot-progress")).to_have_attribute("value", "30")
    expect(page.locator(".ballot-validity")).to_contain_text("Pas encore valable")
    expect(
        page.get_by_role("button", name="Retirer « Boîtes à livres » de mon vote")
    ).to_be_focused()
    assert page.url.endswith(listing)
    assert_accessible(page)

    # Below 70 %: refused with the reason, nothing cast.
    page.get_by_role("link", name="Vérifier et déposer mon vote").click()
    expect(page.get_by_role("heading", name="Mon vote : Centre-ville")).to_be_visible()
    page.get_by_role("button", name="Déposer mon vote").click()
    expect(page.get_by_text("Votre vote ne peut pas encore être déposé")).to_be_visible()
    expect(page.get_by_text("au moins 70 % du budget").first).to_be_visible()
    assert not Ballot.objects.filter(status=BallotStatus.CHECKED_OUT).exists()
    assert_accessible(page)

    # The project page: the third project brings the ballot to 70 %.
    page.get_by_role("link", name="Retour aux projets de « Centre-ville »").click()
    page.get_by_role("link", name="Jardin partagé").click()
    expect(page.get_by_role("heading", name="Jardin partagé", level=1)).to_be_visible()
    assert_accessible(page)
    _add(page, "Jardin partagé")
    expect(page.locator(".ballot-validity")).to_contain_text("Votre vote est valable")

    page.get_by_role("link", name="Vérifier et déposer mon vote").click()
    expect(page.get_by_role("cell", name="70\u202f000\xa0€")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Déposer mon vote").click()
    page.wait_for_url(re.compile(r"/ballot/confirmation/$"))
    expect(
        page.get_by_role("heading", name="Votre vote dans « Centre-ville » est enregistré")
    ).to_be_visible()
    expect(page.get_by_text("Votre vote est enregistré. Merci !")).to_be_visible()
    assert_accessible(page)

    ballot = Ballot.objects.get(status=BallotStatus.CHECKED_OUT)
    assert ballot.voter_key.startswith("fp:census:")
    assert ballot.lines.count() == 3
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rose@ville-a.test"]
    assert message.subject == "Votre vote dans «\xa0Centre-ville\xa0» est enregistré"
    for title in ("Jardin partagé", "Bancs au bord de la Loire", "Boîtes à livres"):
        assert title in message.body
    assert "Skatepark" not in message.body


def test_ballot_works_without_javascript(browser, site, vote):
    component, budget, projects, resident = vote
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.csp_violations = []
    listing = component.url("budget", pk=budget.pk)
    _sign_in(page, site, resident, listing)
    page.get_by_role("button", name="Ajouter « Jardin partagé » à mon vote").click()
    expect(page.get_by_text("« Jardin partagé » est ajouté à votre vote.")).to_be_visible()
    page.get_by_role("button", name="Ajouter « Bancs au bord de la Loire » à mon vote").click()
    page.get_by_role("button", name="Ajouter « Skatepark » à mon vote").click()
    expect(
        page.get_by_text("Ce projet coûte plus que ce qu’il reste de votre budget.")
    ).to_be_visible()
    page.get_by_role("button", name="Ajouter « Boîtes à livres » à mon vote").click()
    expect(page.locator(".ballot-validity")).to_contain_text("Votre vote est valable")
    page.get_by_role("link", name="Vérifier et déposer mon vote").click()
    page.get_by_role("button", name="Déposer mon vote").click()
    expect(
        page.get_by_role("heading", name="Votre vote dans « Centre-ville » est enregistré")
    ).to_be_visible()
    page.get_by_role("button", name="Annuler mon vote").click()
    expect(page.get_by_text("Votre vote est annulé.")).to_be_visible()
    assert Ballot.objects.filter(status=BallotStatus.CANCELLED).count() == 1
    context.close()
