"""Moderation in Chromium: a resident reports a post, a moderator hides it, it disappears."""

import re

import pytest
from playwright.sync_api import expect

from blogs.services import create_post
from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, ProcessFactory, make_component, make_organization, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, site, user, path):
    page.goto(site("ville-a.test", f"/sign-in/?next={path}"))
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{path}")


def test_resident_reports_moderator_hides_post_disappears(browser, site, now):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    resident = make_user(city, email="habitante@ville-a.test")
    moderator = make_user(city, email="moderatrice@ville-a.test")
    process = ProcessFactory(organization=city, slug="parc", title="Le parc", published_at=now)
    blog = make_component(process, "blogs", actor=admin, name="Actus", published=True)
    post = create_post(
        actor=admin, component=blog, data={"title": "Fermeture du kiosque", "body": "<p>x</p>"}
    )
    assign_space_role(actor=admin, space=process, role=SpaceRole.MODERATOR, user=moderator)
    detail = blog.url("detail", pk=post.pk)

    # Search finds the post; the search page is accessible.
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.csp_violations = []
    page.goto(site("ville-a.test", "/"))
    page.get_by_role("searchbox", name="Rechercher").fill("kiosque")
    page.get_by_role("searchbox", name="Rechercher").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=kiosque"))
    expect(page.get_by_role("link", name="Fermeture du kiosque")).to_be_visible()
    assert_accessible(page)

    # The resident reports it through the report page (terms linked).
    _sign_in(page, site, resident, detail)
    page.get_by_role("link", name="Signaler ce contenu").click()
    page.wait_for_url("**/report/blogs.post/**")
    page.get_by_role("heading", name="Signaler ce contenu").wait_for()
    assert (
        page.get_by_role("link", name="Lire les conditions d’utilisation")
        .or_(page.get_by_role("link", name="Lire les conditions d’utilisation"))
        .is_visible()
    )
    assert_accessible(page)
    page.get_by_label("Offensant, haineux ou injurieux").check()
    page.get_by_label("Précisions (facultatif)").fill("Propos blessants")
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.wait_for_url(f"**{detail}")
    page.get_by_text("Merci").wait_for()
    context.close()

    # The moderator hides it from the queue.
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.csp_violations = []
    _sign_in(page, site, moderator, "/admin/moderation/")
    assert_accessible(page)
    page.get_by_role("link", name="Fermeture du kiosque").click()
    page.get_by_text("Propos blessants").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Masquer").click()
    page.get_by_text("Le contenu est masqué.").wait_for()
    context.close()

    # Gone from the blog and from search.
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(site("ville-a.test", blog.get_absolute_url()))
    assert page.get_by_text("Fermeture du kiosque").count() == 0
    page.goto(site("ville-a.test", "/search/?q=kiosque"))
    assert page.get_by_role("link", name="Fermeture du kiosque").count() == 0
    expect(page.get_by_text("Aucun résultat")).to_be_visible()
    context.close()
