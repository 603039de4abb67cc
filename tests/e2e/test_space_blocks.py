"""In Chromium: an admin builds a concertation's landing page from blocks, a resident reads it;
the admin adds a latest-news block to the home page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, ProcessFactory, make_organization, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, site, path, email):
    page.goto(site("ville-a.test", f"/sign-in/?next={path}"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{path}")


def test_admin_builds_a_landing_page_and_the_home_page(page, site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    ProcessFactory(
        organization=city, slug="velo", title="Plan vélo", published_at="2026-01-01T00:00Z"
    )
    blocks = "/admin/spaces/processes/velo/blocks/"
    _sign_in(page, site, blocks, admin.email)
    expect(page.get_by_role("heading", name="Page de l’espace")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Texte", exact=True).click()
    page.wait_for_url("**/blocks/new/text/")
    assert_accessible(page)
    page.locator("#id_title").fill("Le projet")
    page.locator("#id_body").fill("<p>Une ville cyclable en 2030.</p>")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**{blocks}")

    page.get_by_role("link", name="Vidéo", exact=True).click()
    page.locator("#id_url").fill("javascript:alert(1)")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_url").fill("https://vimeo.com/123456")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**{blocks}")

    page.get_by_role("link", name="Documents à télécharger").click()
    page.locator("#id_title").fill("Documents")
    page.locator("#id_file").set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%..."}
    )
    page.locator("#id_file_title").fill("Le plan vélo")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**{blocks}")
    assert_accessible(page)
    for _ in range(3):
        page.get_by_role("button", name=re.compile(r"^Publier")).first.click()
        page.wait_for_url(f"**{blocks}")
    expect(page.get_by_role("button", name=re.compile(r"^Publier"))).to_have_count(0)

    resident = make_user(city, email="habitante@ville-a.test")
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(site("ville-a.test", "/"))
    _sign_in(page, site, "/processes/velo/", resident.email)
    expect(page.get_by_role("heading", name="Le projet")).to_be_visible()
    expect(page.get_by_text("Une ville cyclable en 2030.")).to_be_visible()
    expect(page.locator("iframe[src='https://player.vimeo.com/video/123456?dnt=1']")).to_have_count(
        1
    )
    expect(page.get_by_role("link", name="Le plan vélo")).to_be_visible()
    assert_accessible(page)
    assert not page.csp_violations

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(site("ville-a.test", "/"))
    _sign_in(page, site, "/admin/home/", admin.email)
    assert_accessible(page)
    page.get_by_role("link", name="Dernières actualités").click()
    page.locator("#id_title").fill("Les nouvelles")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/admin/home/")
    assert_accessible(page)
    page.goto(site("ville-a.test", "/"))
    expect(page.get_by_role("heading", name="Les nouvelles")).to_be_visible()
    assert_accessible(page)
