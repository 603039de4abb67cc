"""The back-office "Groups" pages in Chromium: created, filled, given a role, all axe-clean."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, ProcessFactory, make_organization, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, site, user, path):
    page.goto(site("ville-a.test", f"/sign-in/?next={path}"))
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{path}")


def test_admin_creates_a_group_fills_it_and_gives_it_a_role(page, site):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    make_user(city, nickname="alice", name="Alice Martin", email="alice@ville-a.test")
    ProcessFactory(organization=city, slug="budget", title="Budget 2028")

    _sign_in(page, site, admin, "/admin/organization/groups/")
    expect(page.get_by_text("Aucun groupe pour l’instant.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nouveau groupe").click()
    page.get_by_label("Nom").fill("Comité de validation")
    page.get_by_label("Description").fill("Vérifie les pétitions.")
    page.get_by_label("Public").check()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comité de validation")

    # A wrong name: a clear message on the field, axe-clean too.
    page.get_by_label("Pseudonyme ou adresse e-mail").fill("personne")
    page.get_by_role("button", name="Ajouter au groupe").click()
    expect(page.get_by_role("alert")).to_contain_text("Aucun compte de l’organisation")
    assert_accessible(page)
    page.get_by_label("Pseudonyme ou adresse e-mail").fill("@alice")
    page.get_by_role("button", name="Ajouter au groupe").click()
    expect(page.get_by_role("rowheader", name="Alice Martin")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Rôles sur les espaces").click()
    page.locator("select#id_space").select_option(label="Budget 2028")
    page.locator("select#id_role").select_option(label="Modérateur·rice")
    page.get_by_role("button", name="Attribuer le rôle").click()
    expect(page.get_by_role("rowheader", name="Budget 2028")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Tous les groupes").click()
    expect(page.get_by_role("rowheader", name="Comité de validation")).to_be_visible()
    assert_accessible(page)


def test_a_member_sees_the_group_on_the_account_page(page, site):
    from participation.services.groups import add_group_member, create_user_group

    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test")
    alice = make_user(city, nickname="alice", name="Alice Martin", email="alice@ville-a.test")
    group = create_user_group(
        actor=admin, organization=city, name="Conseil des jeunes", is_public=True
    )
    add_group_member(actor=admin, group=group, identifier="alice")
    _sign_in(page, site, alice, "/account/")
    expect(page.get_by_role("heading", name="Mes groupes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Conseil des jeunes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conseil des jeunes")
    assert_accessible(page)
