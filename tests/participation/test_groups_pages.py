"""User groups' pages: the back-office "Groups" and what residents see."""

import pytest

from participation.models import SpaceGroupPermission, SpaceRole, UserGroup, UserGroupMembership
from participation.services.groups import (
    add_group_member,
    create_user_group,
    grant_group_space_role,
    set_group_members,
)
from tests.conftest import host_client
from tests.factories import ProcessFactory, make_user

BASE = "/admin/organization/groups/"


@pytest.fixture
def admin_client(organization, admin):
    return host_client(organization.host, user=admin)


@pytest.fixture
def committee(admin, organization):
    return create_user_group(
        actor=admin, organization=organization, name="Comité de validation", description="Vérifie."
    )


def test_the_back_office_menu_shows_groups_to_organisation_admins_only(
    organization, admin_client, participant
):
    assert f'href="{BASE}"' in admin_client.get("/admin/").content.decode()
    moderator = make_user(organization)
    process = ProcessFactory(organization=organization)
    from spaces.services import assign_space_role

    assign_space_role(
        actor=organization.users.get(is_org_admin=True),
        space=process,
        role=SpaceRole.MODERATOR,
        user=moderator,
    )
    client = host_client(organization.host, user=moderator)
    assert f'href="{BASE}"' not in client.get("/admin/").content.decode()
    assert client.get(BASE).status_code == 403


def test_create_edit_and_delete_a_group(organization, admin_client):
    response = admin_client.post(
        f"{BASE}new/", {"name": "Comité", "description": "Valide.", "is_public": "on"}
    )
    group = UserGroup.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{group.pk}/"
    assert group.is_public and group.organization == organization
    response = admin_client.post(
        f"{BASE}{group.pk}/edit/", {"name": "Comité des pétitions", "description": ""}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.is_public) == ("Comité des pétitions", False)
    page = admin_client.get(f"{BASE}{group.pk}/delete/")
    assert page.status_code == 200 and "Comité des pétitions" in page.content.decode()
    assert UserGroup.objects.exists(), "the confirmation page deletes nothing"
    assert admin_client.post(f"{BASE}{group.pk}/delete/").status_code == 302
    assert not UserGroup.objects.exists()


def test_bad_input_gets_a_message_and_changes_nothing(admin, organization, admin_client, committee):
    # Pages speak the organisation's language (French here).
    response = admin_client.post(f"{BASE}new/", {"name": "comité de VALIDATION"})
    assert response.status_code == 400
    assert "Un groupe porte déjà ce nom." in response.content.decode()
    response = admin_client.post(f"{BASE}new/", {"name": "  "})
    assert response.status_code == 400
    response = admin_client.post(f"{BASE}{committee.pk}/edit/", {"name": "", "description": "x"})
    assert response.status_code == 400
    assert UserGroup.objects.count() == 1
    committee.refresh_from_db()
    assert committee.description == "Vérifie."


def test_the_list_counts_members_in_a_fixed_number_of_queries(
    admin, organization, admin_client, django_assert_max_num_queries
):
    def page():
        return admin_client.get(BASE)

    page()  # warm the session and the organisation caches
    with django_assert_max_num_queries(12) as few:
        response = page()
    baseline = len(few.captured_queries)
    process = ProcessFactory(organization=organization)
    for number in range(6):
        group = create_user_group(actor=admin, organization=organization, name=f"Groupe {number}")
        set_group_members(
            actor=admin, group=group, members=[make_user(organization) for _ in range(number)]
        )
        grant_group_space_role(actor=admin, group=group, space=process, role=SpaceRole.EVALUATOR)
    with django_assert_max_num_queries(baseline + 1):
        response = page()
    assert response.status_code == 200
    body = response.content.decode()
    assert "Groupe 5" in body and "<td>5</td>" in body


def test_members_page_adds_and_removes(organization, admin_client, committee, alice):
    url = f"{BASE}{committee.pk}/"
    response = admin_client.post(url, {"action": "add", "identifier": "alice@" + "x"})
    assert response.status_code == 400 and not UserGroupMembership.objects.exists()
    response = admin_client.post(url, {"action": "add", "identifier": "@alice"})
    assert response.status_code == 302
    page = admin_client.get(url).content.decode()
    assert "Alice Martin" in page and "@alice" in page
    assert admin_client.post(url, {"action": "remove", "user": "nope"}).status_code == 302
    assert UserGroupMembership.objects.count() == 1
    assert admin_client.post(url, {"action": "remove", "user": alice.pk}).status_code == 302
    assert not UserGroupMembership.objects.exists()
    assert not alice.groups.exists()
    assert admin_client.post(url, {"action": "dance"}).status_code == 400


def test_members_page_never_reveals_another_organisations_account(
    organization, other_organization, admin_client, committee
):
    make_user(other_organization, nickname="zoe", email="zoe@example.org")
    elsewhere = admin_client.post(
        f"{BASE}{committee.pk}/", {"action": "add", "identifier": "zoe@example.org"}
    )
    nowhere = admin_client.post(
        f"{BASE}{committee.pk}/", {"action": "add", "identifier": "nobody@example.org"}
    )
    assert elsewhere.status_code == nowhere.status_code == 400
    message = "Aucun compte de l’organisation n’a ce pseudonyme ou cette adresse e-mail."
    assert message in elsewhere.content.decode() and message in nowhere.content.decode()
    assert not UserGroupMembership.objects.exists()


def test_roles_page_grants_and_withdraws(organization, other_organization, admin_client, committee):
    process = ProcessFactory(organization=organization, title="Budget 2030")
    foreign = ProcessFactory(organization=other_organization, title="Ailleurs")
    url = f"{BASE}{committee.pk}/roles/"
    page = admin_client.get(url).content.decode()
    assert "Budget 2030" in page and "Ailleurs" not in page
    refused = admin_client.post(
        url, {"action": "grant", "space": foreign.pk, "role": SpaceRole.MODERATOR}
    )
    assert refused.status_code == 400
    refused = admin_client.post(url, {"action": "grant", "space": process.pk, "role": "root"})
    assert refused.status_code == 400 and not SpaceGroupPermission.objects.exists()
    response = admin_client.post(
        url, {"action": "grant", "space": process.pk, "role": SpaceRole.MODERATOR}
    )
    assert response.status_code == 302
    assert SpaceGroupPermission.objects.get().content_object_id == process.pk
    assert "Modérateur·rice" in admin_client.get(url).content.decode()
    response = admin_client.post(
        url, {"action": "revoke", "space": process.pk, "role": SpaceRole.MODERATOR}
    )
    assert response.status_code == 302 and not SpaceGroupPermission.objects.exists()


def test_another_organisations_group_is_not_found(other_organization, admin_client):
    foreign_admin = make_user(other_organization, admin=True)
    foreign = create_user_group(actor=foreign_admin, organization=other_organization, name="X")
    for suffix in ("", "edit/", "delete/", "roles/"):
        assert admin_client.get(f"{BASE}{foreign.pk}/{suffix}").status_code == 404
    assert admin_client.post(f"{BASE}{foreign.pk}/delete/").status_code == 404
    assert UserGroup.objects.filter(pk=foreign.pk).exists()


def test_the_space_roles_page_shows_the_group(organization, admin, admin_client, committee):
    process = ProcessFactory(organization=organization, slug="budget-r", title="Budget R")
    grant_group_space_role(actor=admin, group=committee, space=process, role=SpaceRole.EVALUATOR)
    page = admin_client.get("/admin/spaces/processes/budget-r/roles/")
    assert page.status_code == 200 and "Comité de validation" in page.content.decode()


# --- Residents ---------------------------------------------------------------------------


def test_my_account_lists_my_groups(organization, admin, alice, committee):
    public = create_user_group(
        actor=admin, organization=organization, name="Conseil des jeunes", is_public=True
    )
    create_user_group(actor=admin, organization=organization, name="Sans elle")
    client = host_client(organization.host, user=alice)
    assert "Vous n’appartenez à aucun groupe." in client.get("/account/").content.decode()
    add_group_member(actor=admin, group=committee, identifier="alice")
    add_group_member(actor=admin, group=public, identifier="alice")
    page = client.get("/account/").content.decode()
    assert "Comité de validation" in page and "Vérifie." in page
    assert f'href="/groups/{public.pk}/"' in page
    assert f'href="/groups/{committee.pk}/"' not in page  # not public: no page
    assert "Sans elle" not in page


def test_a_public_group_has_a_page_others_do_not(
    organization, other_organization, admin, alice, committee
):
    process = ProcessFactory(organization=organization, title="Visible", published=True)
    draft = ProcessFactory(organization=organization, title="Brouillon secret")
    grant_group_space_role(actor=admin, group=committee, space=process, role=SpaceRole.EVALUATOR)
    grant_group_space_role(actor=admin, group=committee, space=draft, role=SpaceRole.EVALUATOR)
    add_group_member(actor=admin, group=committee, identifier="alice")
    visitor = host_client(organization.host)
    assert visitor.get(f"/groups/{committee.pk}/").status_code == 404
    committee.is_public = True
    committee.save()
    page = visitor.get(f"/groups/{committee.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Comité de validation" in body and "Visible" in body
    assert "Brouillon secret" not in body
    # Never on another organisation's host.
    assert host_client(other_organization.host).get(f"/groups/{committee.pk}/").status_code == 404


def test_the_demo_has_a_committee_validating_the_petition(db):
    from io import StringIO

    from django.core.management import call_command

    from participation.models import Organization, Space
    from participation.spaces import can_evaluate_in_space

    call_command("seed_demo", "--participants", "7", stdout=StringIO())
    organization = Organization.objects.get(host="localhost")
    committee = UserGroup.objects.get(organization=organization, name="Comité de validation")
    assert committee.is_public and committee.memberships.count() == 5
    petition = Space.objects.of(organization).get(space_type="initiatives")
    member = committee.members.first()
    assert can_evaluate_in_space(member, petition)
    assert host_client("localhost").get(f"/groups/{committee.pk}/").status_code == 200
