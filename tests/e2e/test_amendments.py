"""Amendments in Chromium: a participant proposes an amendment, the author accepts it with the
keyboard, the proposal shows the new text; the form and the amendment page pass axe-core."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participation.components import services as components
from proposals.models import Amendment
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_proposals import _label, _sign_in
from tests.factories import (
    ProcessFactory,
    ProposalFactory,
    StepFactory,
    make_organization,
    make_proposal,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open_component(now):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True)
    process = ProcessFactory(
        organization=city, slug="budget", title="Budget 2027", published_at=now
    )
    step = StepFactory(process=process, title="Dépôt", position=0, active=True)
    component = components.add_component(
        actor=admin, space=process, manifest_name="proposals", name="Idées"
    )
    components.configure_component(
        actor=admin,
        component=component,
        settings={"amendments_enabled": True, "amendments_votes_enabled": True},
        step_settings={
            str(step.pk): {
                "creation_enabled": True,
                "supports_enabled": True,
                "comments_enabled": True,
                "amendment_creation_enabled": True,
                "amendment_reaction_enabled": True,
            }
        },
    )
    components.publish_component(actor=admin, component=component)
    return city, component


def test_a_participant_amends_and_the_author_accepts(page, browser, site, now):
    city, component = _open_component(now)
    author = make_user(city, email="habitante@ville-a.test", name="Rose")
    amender = make_user(city, email="voisin@ville-a.test", name="Noé")
    proposal = make_proposal(
        component,
        author,
        "Des bancs au bord de la Loire",
        body="<p>Pour se reposer pendant la promenade.</p>",
    )
    detail = component.url("detail", pk=proposal.pk)

    _sign_in(page, site, amender, detail)
    expect(page.get_by_role("heading", name="Amendements")).to_be_visible()
    page.get_by_role("link", name="Amender cette proposition").click()
    expect(page.get_by_role("heading", name=re.compile("Amender « Des bancs"))).to_be_visible()
    page.get_by_label(_label("Titre amendé")).fill("Des bancs et des tables au bord de la Loire")
    page.get_by_label(_label("Description amendée")).fill(
        "<p>Pour se reposer et pique-niquer pendant la promenade.</p>"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Prévisualiser les modifications").click()
    preview = page.locator(".amendment-preview")
    expect(preview.locator("ins").first).to_have_text(" et des tables")
    assert_accessible(page)
    page.get_by_role("button", name="Publier l’amendement").click()
    page.wait_for_url(re.compile(r"/amendments/\d+/$"))
    expect(page.get_by_text("Votre amendement est publié")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Amendement à « Des bancs"))).to_be_visible()
    expect(page.get_by_role("button", name="Accepter l’amendement")).to_have_count(0)
    assert_accessible(page)
    amendment = Amendment.objects.get()
    assert amendment.amender == amender

    # The author, in another browser, answers with the keyboard only.
    other = browser.new_context(locale="fr-FR").new_page()
    other.csp_violations = []
    _sign_in(other, site, author, detail)
    other.get_by_role("link", name=re.compile("Voir les modifications")).click()
    expect(other.get_by_role("button", name="Accepter l’amendement")).to_be_visible()
    expect(other.locator(".amendment-diff ins").first).to_be_visible()
    assert_accessible(other)
    other.get_by_role("button", name="Accepter l’amendement").focus()
    other.keyboard.press("Enter")
    expect(other.get_by_text("L’amendement est accepté")).to_be_visible()
    expect(other.locator(".badge.amendment-accepted")).to_have_text("Accepté")
    assert_accessible(other)

    other.get_by_role("link", name="Retour à la proposition").click()
    expect(
        other.get_by_role("heading", level=1, name="Des bancs et des tables au bord de la Loire")
    ).to_be_visible()
    expect(
        other.get_by_text("Pour se reposer et pique-niquer pendant la promenade.")
    ).to_be_visible()
    other.get_by_role("link", name="Historique des versions").click()
    expect(other.get_by_role("heading", name="Version 2")).to_be_visible()
    expect(other.get_by_text(re.compile("Noé"))).to_be_visible()

    # The listing filters the proposals with amendments.
    ProposalFactory(
        first_version=False,
        component=component,
        author=amender,
        title="Un composteur rue des Lilas",
        body="<p>Pour les épluchures.</p>",
        published_at=timezone.now(),
    )
    other.goto(site("ville-a.test", component.url("index")))
    other.get_by_label(_label("Amendements")).select_option("with")
    other.get_by_role("button", name="Appliquer").click()
    expect(
        other.get_by_role("link", name="Des bancs et des tables au bord de la Loire")
    ).to_be_visible()
    expect(other.get_by_role("link", name="Un composteur rue des Lilas")).to_have_count(0)
    assert_accessible(other)
    other.context.close()
    amendment.refresh_from_db()
    assert amendment.state == "accepted"
