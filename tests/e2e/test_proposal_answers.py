"""The proposals back-office in Chromium: an admin answers officially, the author is told.

Every back-office page the answer work added is checked with axe-core on the way.
"""

import re

import pytest
from playwright.sync_api import expect

from proposals.services import answers
from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.e2e.conftest import assert_accessible
from tests.factories import (
    PASSWORD,
    ProcessFactory,
    StepFactory,
    make_component,
    make_organization,
    make_proposal,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, site, user, path):
    page.goto(site("ville-a.test", f"/sign-in/?next={path}"))
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{path}")


def _label(text: str):
    return re.compile(rf"^{re.escape(text)}\s*:?$")


def test_admin_answers_and_the_author_sees_the_answer_and_the_notification(
    page, browser, site, now
):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    author = make_user(city, email="habitante@ville-a.test", name="Rose")
    other = make_user(city, email="voisin@ville-a.test", name="Noé")
    evaluator = make_user(city, email="eva@ville-a.test", name="Eva")
    process = ProcessFactory(
        organization=city, slug="budget", title="Budget 2027", published_at=now
    )
    StepFactory(process=process, title="Dépôt", position=0, active=True)
    assign_space_role(actor=admin, space=process, role=SpaceRole.EVALUATOR, user=evaluator)
    component = make_component(process, "proposals", actor=admin, name="Idées", published=True)
    answers.create_custom_state(
        actor=admin,
        component=component,
        data={
            "token": "voted",
            "name_fr": "Soumise au vote",
            "name_en": "Put to the vote",
            "background_color": "#5b2a86",
            "text_color": "#ffffff",
            "counts_as": "accepted",
        },
    )
    proposal = make_proposal(component, author, title="Des bancs au bord de la Loire")
    make_proposal(component, other, title="Des bancs sur les quais du fleuve")
    listing = component.admin_url("index")

    _sign_in(page, site, admin, listing)
    expect(page.get_by_role("heading", name="Propositions de « Idées »")).to_be_visible()
    assert_accessible(page)

    # The merge form, reached from the list's selection without JavaScript.
    page.get_by_label("Sélectionner « Des bancs au bord de la Loire »").check()
    page.get_by_label("Sélectionner « Des bancs sur les quais du fleuve »").check()
    page.get_by_role("button", name="Fusionner la sélection…").click()
    expect(page.get_by_role("heading", name="Fusionner des propositions")).to_be_visible()
    assert_accessible(page)

    for name in ("states", "import"):
        page.goto(site("ville-a.test", component.admin_url(name)))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    state = component.proposal_states.get()
    for name in ("state_edit", "state_delete"):
        page.goto(site("ville-a.test", component.admin_url(name, pk=state.pk)))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    for name in ("split", "hide"):
        page.goto(site("ville-a.test", component.admin_url(name, pk=proposal.pk)))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)

    # The answer, on the proposal's admin page.
    page.goto(site("ville-a.test", listing))
    page.get_by_role("link", name="Des bancs au bord de la Loire").click()
    expect(page.get_by_role("heading", name="Des bancs au bord de la Loire")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(_label("Évaluateur·rice")).select_option(label="Eva")
    page.get_by_role("button", name="Affecter").click()
    expect(page.get_by_text("L’évaluateur·rice est affecté·e.")).to_be_visible()
    page.get_by_label(_label("Note privée")).fill("Devis demandé aux services techniques.")
    page.get_by_role("button", name="Ajouter la note").click()
    expect(page.get_by_text("Devis demandé aux services techniques.")).to_be_visible()
    page.get_by_label(_label("État")).select_option(label="Soumise au vote")
    page.get_by_role("textbox", name=_label("Réponse officielle")).fill(
        "Votre idée sera soumise au vote en juin."
    )
    page.get_by_role("button", name="Répondre et publier").click()
    expect(page.get_by_text("La réponse est publiée.")).to_be_visible()
    assert_accessible(page)

    # The author: a notification, then the answer on the proposal's page.
    context = browser.new_context(locale="fr-FR")
    author_page = context.new_page()
    author_page.csp_violations = []
    author_page.on(
        "console",
        lambda message: (
            author_page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    _sign_in(author_page, site, author, "/notifications/")
    expect(author_page.get_by_role("link", name="Des bancs au bord de la Loire")).to_be_visible()
    expect(
        author_page.get_by_text(
            "«\u00a0Des bancs au bord de la Loire\u00a0» a reçu une réponse officielle"
        )
    ).to_be_visible()
    assert_accessible(author_page)
    author_page.get_by_role("link", name="Des bancs au bord de la Loire").click()
    answer = author_page.get_by_role("region", name="Réponse officielle")
    expect(answer).to_be_visible()
    expect(answer.get_by_text("Votre idée sera soumise au vote en juin.")).to_be_visible()
    expect(answer.get_by_text("Soumise au vote", exact=True)).to_be_visible()
    # The private note never reaches the public page.
    expect(author_page.get_by_text("Devis demandé")).to_have_count(0)
    assert_accessible(author_page)
    context.close()
