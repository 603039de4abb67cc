"""The search page in Chromium: ranked results with type, space and state, matched words
marked, pages of results; accessible, and readable on a 320 px wide screen."""

import re

import pytest
from playwright.sync_api import expect

from participation.comments.services import create_comment
from participation.comments.targets import target_of
from tests.e2e.conftest import assert_accessible
from tests.factories import (
    ProcessFactory,
    make_open_proposals,
    make_organization,
    make_proposal,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_search_results_are_accessible_and_fit_a_small_screen(browser, site, now):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    process = ProcessFactory(
        organization=city,
        slug="place",
        title="Place de la République",
        published_at=now,
        steps=["Propositions", "Vote"],
    )
    ideas = make_open_proposals(process, actor=admin)
    for index in range(22):
        make_proposal(
            ideas,
            admin,
            title=f"Fontaine numéro {index} près de la République",
            body="<p>Une fontaine d’eau potable, très longue description " + "x" * 80 + "</p>",
        )
    proposal = make_proposal(ideas, admin, title="Des bancs")
    create_comment(actor=admin, target=target_of(proposal), body="Et une fontaine à côté ?")

    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.csp_violations = []
    page.goto(site("ville-a.test", "/search/?q=republique+fontaine"))
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    assert results.count() == 20
    first = results.first
    expect(first.locator(".badge").first).to_have_text("Propositions")
    expect(first.get_by_text("dans Place de la République")).to_be_visible()
    expect(first.locator("mark").first).to_be_visible()
    assert_accessible(page)
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("link", name="Plus de résultats").click()
    expect(page.get_by_role("link", name="Résultats précédents")).to_be_visible()
    page.goto(site("ville-a.test", "/search/?q=fontaine&type=comments"))
    expect(page.get_by_role("link", name=re.compile(r"Sur «\s*Des bancs\s*»"))).to_be_visible()
    assert_accessible(page)
    context.close()
