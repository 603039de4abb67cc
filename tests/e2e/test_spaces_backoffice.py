"""In Chromium: an admin builds a concertation with three steps, publishes it, a resident reads it."""

import pytest

from spaces.models import ParticipatoryProcess
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, make_organization, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_creates_and_publishes_a_concertation_a_resident_browses_it(page, site):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")

    page.goto(site("ville-a.test", "/admin/spaces/"))
    page.get_by_label("Adresse e-mail").fill(admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/admin/spaces/")
    assert_accessible(page)

    page.get_by_role("link", name="Créer : Concertations").click()
    page.wait_for_url("**/admin/spaces/processes/new/")
    assert_accessible(page)
    page.locator("#id_title").fill("Réaménager la place du marché")
    page.locator("#id_slug").fill("place-du-marche")
    page.locator("#id_short_description").fill("<p>Donnez votre avis sur la future place.</p>")
    page.locator("#id_start_date").fill("2027-01-10")
    page.locator("#id_end_date").fill("2027-06-30")
    page.get_by_role("button", name="Créer l’espace").click()
    page.wait_for_url("**/admin/spaces/processes/place-du-marche/")
    assert "est créé" in page.locator(".messages").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Étapes").click()
    page.wait_for_url("**/steps/")
    assert_accessible(page)
    for title in ("Propositions", "Ateliers", "Vote"):
        page.locator("#id_title").fill(title)
        page.get_by_role("button", name="Ajouter l’étape").click()
        page.wait_for_url("**/steps/")
    page.get_by_role("button", name="Rendre en cours : Ateliers").click()
    page.wait_for_url("**/steps/")
    assert "Ateliers" in page.locator(".badge-active").locator("xpath=ancestor::tr").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Publication").click()
    page.get_by_role("button", name="Publier maintenant").click()
    page.wait_for_url("**/admin/spaces/processes/place-du-marche/")
    assert ParticipatoryProcess.objects.get(slug="place-du-marche").is_published

    # A resident: a fresh, signed-out browser context, watched for CSP violations too.
    resident = page.context.browser.new_context(locale="fr-FR").new_page()
    resident.csp_violations = []
    resident.on(
        "console",
        lambda message: (
            resident.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    resident.goto(site("ville-a.test", "/processes/"))
    resident.get_by_role("link", name="Réaménager la place du marché").click()
    resident.wait_for_url("**/processes/place-du-marche/")
    steps = resident.locator(".timeline-step").all_inner_texts()
    assert len(steps) == 3 and steps[0].startswith("Propositions") and "Vote" in steps[2]
    assert "Ateliers" in resident.locator('[aria-current="step"]').inner_text()
    assert_accessible(resident)
    resident.context.close()
