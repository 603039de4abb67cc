"""Proposals in Chromium: a resident places a proposal on the map with a photo, another supports it."""

import re

import pytest
from playwright.sync_api import expect

from participation.components import services as components
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, ProcessFactory, StepFactory, make_organization, make_user
from tests.proposals.test_services import PNG

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _label(text: str):
    return re.compile(rf"^{re.escape(text)}\s*:?$")


def _sign_in(page, site, user, path):
    page.goto(site("ville-a.test", f"/sign-in/?next={path}"))
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{path}")


def test_resident_proposes_on_the_map_and_a_neighbour_supports(page, browser, site, now, tmp_path):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True)
    resident = make_user(city, email="habitante@ville-a.test", name="Rose")
    neighbour = make_user(city, email="voisin@ville-a.test", name="Noé")
    commenter = make_user(city, email="camille@ville-a.test", name="Camille")
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
        settings={},
        step_settings={
            str(step.pk): {
                "creation_enabled": True,
                "supports_enabled": True,
                "comments_enabled": True,
            }
        },
    )
    components.publish_component(actor=admin, component=component)
    listing = component.url("index")
    photo = tmp_path / "banc.png"
    photo.write_bytes(PNG)

    _sign_in(page, site, resident, listing)
    assert_accessible(page)
    page.get_by_role("link", name="Nouvelle proposition").click()
    page.get_by_label(_label("Titre")).fill("Des bancs au bord de la Loire")
    page.get_by_label(_label("Description")).fill("Pour se reposer pendant la promenade.")
    assert_accessible(page)
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("link", name="Ma proposition est différente, continuer").click()

    # A click on the map fills latitude and longitude.
    map_element = page.locator("#proposal-map-picker")
    map_element.wait_for()
    page.wait_for_function("document.querySelector('#proposal-map-picker.leaflet-container')")
    map_element.click(position={"x": 120, "y": 90})
    # (hidden inputs: residents never type coordinates)
    latitude = page.locator("#id_latitude")
    assert re.fullmatch(r"4\d\.\d{6}", latitude.input_value())
    assert page.locator("#id_longitude").input_value()
    page.get_by_label(_label("Adresse")).fill("Quai de la Loire")
    page.get_by_label(_label("Ajouter une photo ou un document")).set_input_files(str(photo))
    page.get_by_label(_label("Description du fichier (texte alternatif pour une photo)")).fill(
        "Un banc face au fleuve"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Continuer vers l’aperçu").click()
    expect(page.get_by_role("img", name="Un banc face au fleuve")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    expect(page.get_by_text("Votre proposition est publiée.")).to_be_visible()
    expect(page.get_by_role("heading", name="Des bancs au bord de la Loire")).to_be_visible()
    assert_accessible(page)
    detail_url = page.url

    other = browser.new_context(locale="fr-FR").new_page()
    other.csp_violations = []
    path = detail_url.split(":", 2)[2].split("/", 1)[1]
    _sign_in(other, site, neighbour, "/" + path)
    other.get_by_role("button", name="Soutenir").click()
    assert other.get_by_text("Votre soutien est enregistré.").is_visible()
    assert other.get_by_text("1 soutien", exact=True).is_visible()
    assert other.get_by_role("button", name="Retirer mon soutien").is_visible()
    assert_accessible(other)

    # Another resident comments; the author replies; the thread is accessible.
    third = browser.new_context(locale="fr-FR").new_page()
    third.csp_violations = []
    _sign_in(third, site, commenter, "/" + path)
    third.get_by_label(_label("Votre commentaire")).fill("Et des arbres pour l’ombre ?")
    third.get_by_role("button", name="Publier", exact=True).click()
    thread = third.locator("#comments")
    assert thread.get_by_text("Et des arbres pour l’ombre ?").is_visible()
    assert thread.get_by_role("heading", name="1 commentaire").is_visible()
    page.goto(detail_url)
    comment = page.locator(".comment").first
    comment.locator("summary").first.click()
    comment.get_by_label("Votre réponse").first.fill("Bonne idée, je l’ajoute.")
    comment.get_by_role("button", name="Publier la réponse").first.click()
    page.wait_for_url(re.compile(r"/proposals/\d+/"))
    assert page.locator("#comments").get_by_text("Bonne idée, je l’ajoute.").is_visible()
    assert page.locator("#comments").get_by_role("heading", name="2 commentaires").is_visible()
    assert page.get_by_role("link", name="Signaler").first.is_visible()
    assert_accessible(page)
    third.context.close()

    # The map view of the listing shows the point.
    page.goto(site("ville-a.test", listing + "?view=map"))
    page.locator("#proposals-map .leaflet-marker-icon").first.wait_for()
    assert_accessible(page)
    other.context.close()
