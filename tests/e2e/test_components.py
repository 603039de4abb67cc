"""Components in Chromium: an admin mounts pages and a blog in a concertation, a resident reads them."""

import re

import pytest
from playwright.sync_api import expect

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


def _add_component(page, kind: str, name: str):
    page.get_by_label("Type de composant").select_option(label=kind)
    page.get_by_label(_label("Nom")).fill(name)
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.wait_for_url(re.compile(r"/components/\d+/$"))


def test_admin_mounts_pages_and_a_blog_and_a_resident_reads_them(page, browser, site, now):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    resident = make_user(city, email="habitante@ville-a.test")
    process = ProcessFactory(
        organization=city, slug="place-du-marche", title="Place du Marché", published_at=now
    )
    StepFactory(process=process, title="Diagnostic", position=0, active=True)
    StepFactory(process=process, title="Ateliers", position=1)
    base = "/admin/spaces/processes/place-du-marche/components/"

    _sign_in(page, site, admin, base)
    assert_accessible(page)

    # Pages: add, write one page, back to the list.
    _add_component(page, "Pages", "Infos pratiques")
    assert_accessible(page)
    page.get_by_role("link", name="Gérer le contenu").click()
    page.get_by_role("link", name="Nouvelle page").click()
    page.get_by_label(_label("Titre")).fill("Le projet")
    page.get_by_label(_label("Texte")).fill("<p>Une place plus verte.</p>")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("rowheader", name="Le projet")).to_be_visible()
    assert_accessible(page)

    # Blog: add, open comments in the second step, write a post.
    page.goto(site("ville-a.test", base))
    _add_component(page, "Blog", "Actualités")
    page.get_by_label(_label("Articles par page")).fill("5")
    page.locator("fieldset", has_text="Étape : Ateliers").get_by_label(
        _label("Commentaires activés")
    ).check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Composant enregistré.")).to_be_visible()
    page.get_by_role("link", name="Gérer le contenu").click()
    page.get_by_role("link", name="Nouvel article").click()
    page.get_by_label(_label("Titre")).fill("Premier atelier samedi")
    page.get_by_label(_label("Texte")).fill("<p>Rendez-vous à 10 h.</p>")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("rowheader", name="Premier atelier samedi")).to_be_visible()
    assert_accessible(page)

    # Publish both from the list.
    page.goto(site("ville-a.test", base))
    page.get_by_role("button", name="Publier Infos pratiques").click()
    page.get_by_role("button", name="Publier Actualités").click()
    expect(page.get_by_role("button", name="Dépublier Actualités")).to_be_visible()
    assert_accessible(page)

    # A resident sees both in the space navigation and reads them.
    context = browser.new_context(locale="fr-FR")
    visitor = context.new_page()
    visitor.csp_violations = []
    visitor.on(
        "console",
        lambda m: (
            visitor.csp_violations.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    _sign_in(visitor, site, resident, "/processes/place-du-marche/")
    navigation = visitor.get_by_role("navigation", name="Rubriques de cet espace")
    assert navigation.get_by_role("link").all_inner_texts() == ["Infos pratiques", "Actualités"]
    assert_accessible(visitor)
    navigation.get_by_role("link", name="Infos pratiques").click()
    assert visitor.get_by_role("heading", level=1).inner_text() == "Le projet"
    assert_accessible(visitor)
    visitor.get_by_role("navigation", name="Rubriques de cet espace").get_by_role(
        "link", name="Actualités"
    ).click()
    visitor.get_by_role("link", name="Premier atelier samedi").click()
    closed = visitor.get_by_text("Les commentaires sont fermés pendant cette étape.")
    closed.wait_for()
    assert closed.is_visible()
    assert_accessible(visitor)
    context.close()
