"""Notifications in Chromium: a resident follows a space, a post is published, they are told."""

import pytest
from playwright.sync_api import expect

from blogs.services import create_post
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, ProcessFactory, make_component, make_organization, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_follower_sees_the_unread_count_and_the_notification(page, site, now):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    resident = make_user(city, email="habitante@ville-a.test")
    process = ProcessFactory(
        organization=city, slug="place-du-marche", title="Place du Marché", published_at=now
    )
    blog = make_component(process, "blogs", actor=admin, name="Actus", published=True)

    page.goto(site("ville-a.test", "/sign-in/?next=/processes/place-du-marche/"))
    page.get_by_label("Adresse e-mail").fill(resident.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/processes/place-du-marche/")
    page.get_by_role("button", name="Suivre", exact=True).click()
    page.wait_for_url("**/processes/place-du-marche/")
    expect(page.get_by_role("button", name="Suivi · ne plus suivre")).to_be_visible()

    create_post(
        actor=admin,
        component=blog,
        data={"title": "Les travaux commencent", "body": "<p>Lundi.</p>"},
    )
    page.reload()
    link = page.get_by_role("link", name="Notifications 1 non lue")
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/notifications/")
    expect(page.get_by_role("link", name="Les travaux commencent")).to_be_visible()
    assert page.get_by_text(
        "Nouvel article\u00a0: «\u00a0Les travaux commencent\u00a0»"
    ).is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Tout marquer comme lu").click()
    page.wait_for_url("**/notifications/")
    assert (
        page.get_by_role("banner")
        .get_by_role("link", name="Notifications", exact=True)
        .is_visible()
    )

    page.goto(site("ville-a.test", "/notifications/settings/"))
    assert_accessible(page)
    page.get_by_label("Un récapitulatif hebdomadaire").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Vos préférences de notification sont enregistrées.")).to_be_visible()

    page.goto(site("ville-a.test", "/notifications/following/"))
    expect(page.get_by_role("link", name="Place du Marché")).to_be_visible()
    assert_accessible(page)


def test_admin_newsletter_pages_are_accessible(page, site):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    page.goto(site("ville-a.test", "/sign-in/?next=/admin/newsletters/new/"))
    page.get_by_label("Adresse e-mail").fill(admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/admin/newsletters/new/")
    assert_accessible(page)
    page.get_by_label("Titre").fill("Lettre de mars")
    page.get_by_label("Texte").fill("<p>Bonjour à toutes et tous.</p>")
    page.get_by_role("button", name="Enregistrer et prévisualiser").click()
    page.wait_for_url("**/admin/newsletters/*/")
    expect(page.get_by_text("Bonjour à toutes et tous.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Toutes les lettres d’information").click()
    page.wait_for_url("**/admin/newsletters/")
    assert_accessible(page)


def test_admin_sends_to_participants_of_an_area(page, site, now):
    from participation.models import Scope

    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    north = Scope.objects.create(organization=city, title="Quartier Nord")
    ProcessFactory(
        organization=city, slug="place", title="Place du Marché", published_at=now, scope=north
    )
    page.goto(site("ville-a.test", "/sign-in/?next=/admin/newsletters/new/"))
    page.get_by_label("Adresse e-mail").fill(admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/admin/newsletters/new/")
    page.get_by_label("Titre").fill("Nouvelles du nord")
    page.get_by_label("Texte").fill("<p>Bonjour le nord.</p>")
    page.get_by_label("Participant·es des espaces et/ou secteurs choisis").check()
    page.get_by_label("Quartier Nord").check()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer et prévisualiser").click()
    page.wait_for_url("**/admin/newsletters/*/")
    expect(page.get_by_text("0 personne la recevra", exact=False)).to_be_visible()
    expect(page.get_by_text("Quartier Nord")).to_be_visible()
    assert_accessible(page)
