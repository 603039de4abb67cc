"""User groups: the services that create, fill and give space roles to them."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from participation.errors import ErrorCode
from participation.models import (
    ActionLog,
    SpaceGroupPermission,
    SpaceRole,
    UserGroup,
    UserGroupMembership,
)
from participation.selectors.groups import groups_of, organization_groups
from participation.services.groups import (
    add_group_member,
    create_user_group,
    delete_user_group,
    grant_group_space_role,
    remove_group_member,
    revoke_group_space_role,
    set_group_members,
    update_user_group,
)
from participation.spaces import (
    can_manage_space,
    can_moderate_space,
    has_space_role,
    held_roles,
)
from tests.factories import ProcessFactory, make_user


def fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def committee(admin, organization):
    return create_user_group(
        actor=admin,
        organization=organization,
        name="Comité de validation",
        description="Valide les pétitions.",
    )


def members(group):
    """Both views of the membership: the through table and the guardian Group."""
    through = set(group.memberships.values_list("user_id", flat=True))
    auth = set(group.auth_group.user_set.values_list("pk", flat=True))
    assert through == auth, "memberships and the guardian Group disagree"
    return through


# --- Create, edit, delete ------------------------------------------------------------------


def test_admin_creates_a_group_logged(admin, organization, committee):
    assert committee.organization == organization and not committee.is_public
    assert committee.description == "Valide les pétitions."
    entry = ActionLog.objects.get(action="create", target_id=str(committee.pk))
    assert entry.actor == admin and entry.target_type == "participation.usergroup"


@pytest.mark.parametrize("name", ["", "   ", "x" * 151])
def test_a_group_needs_a_sensible_name(admin, organization, name):
    with pytest.raises(ValidationError) as error:
        create_user_group(actor=admin, organization=organization, name=name)
    assert error.value.error_code == ErrorCode.INVALID
    assert "name" in error.value.error_dict
    assert not UserGroup.objects.exists()


def test_names_are_unique_per_organisation_ignoring_case(
    admin, organization, other_organization, committee
):
    with pytest.raises(ValidationError) as error:
        create_user_group(actor=admin, organization=organization, name="comité DE validation")
    assert error.value.error_code == ErrorCode.NAME_TAKEN
    other_admin = make_user(other_organization, admin=True)
    assert create_user_group(
        actor=other_admin, organization=other_organization, name="Comité de validation"
    )


@pytest.mark.parametrize("who", ["participant", "space_admin", "foreign_admin"])
def test_only_the_organisation_admins_manage_groups(
    admin, organization, other_organization, committee, who
):
    process = ProcessFactory(organization=organization)
    if who == "foreign_admin":
        actor = make_user(other_organization, admin=True)
    else:
        actor = make_user(organization)
        if who == "space_admin":
            grant_group_space_role(
                actor=admin, group=committee, space=process, role=SpaceRole.ADMIN
            )
            add_group_member(actor=admin, group=committee, identifier=actor.email)
    person = make_user(organization, nickname="paul")
    calls = [
        lambda: create_user_group(actor=actor, organization=organization, name="Autre"),
        lambda: update_user_group(
            actor=actor, group=committee, name="Renommé", description="", is_public=True
        ),
        lambda: delete_user_group(actor=actor, group=committee),
        lambda: add_group_member(actor=actor, group=committee, identifier="paul"),
        lambda: remove_group_member(actor=actor, group=committee, user=person),
        lambda: set_group_members(actor=actor, group=committee, members=[person]),
        lambda: grant_group_space_role(
            actor=actor, group=committee, space=process, role=SpaceRole.MODERATOR
        ),
        lambda: revoke_group_space_role(
            actor=actor, group=committee, space=process, role=SpaceRole.ADMIN
        ),
    ]
    before = set(members(committee))
    for call in calls:
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.error_code == ErrorCode.PERMISSION_DENIED
    committee.refresh_from_db()
    assert committee.name == "Comité de validation" and not committee.is_public
    assert members(committee) == before
    assert UserGroup.objects.filter(organization=organization).count() == 1


def test_admin_renames_and_makes_public_logging_the_difference(admin, committee):
    update_user_group(
        actor=admin,
        group=committee,
        name="  Comité   des pétitions ",
        description="",
        is_public=True,
    )
    committee.refresh_from_db()
    assert (committee.name, committee.description, committee.is_public) == (
        "Comité des pétitions",
        "",
        True,
    )
    entry = ActionLog.objects.get(action="update", target_id=str(committee.pk))
    assert entry.changes["name"] == ["Comité de validation", "Comité des pétitions"]
    assert entry.changes["is_public"] == [False, True]


def test_renaming_onto_another_group_is_refused(admin, organization, committee):
    other = create_user_group(actor=admin, organization=organization, name="Bureau")
    with pytest.raises(ValidationError) as error:
        update_user_group(
            actor=admin, group=other, name="COMITÉ DE VALIDATION", description="", is_public=False
        )
    assert error.value.error_code == ErrorCode.NAME_TAKEN
    other.refresh_from_db()
    assert other.name == "Bureau"
    # Keeping one's own name (another case) is fine.
    update_user_group(
        actor=admin, group=committee, name="comité de validation", description="", is_public=False
    )


def test_deleting_a_group_ends_memberships_and_roles_not_accounts(
    admin, organization, committee, alice
):
    process = ProcessFactory(organization=organization)
    add_group_member(actor=admin, group=committee, identifier="alice")
    grant_group_space_role(actor=admin, group=committee, space=process, role=SpaceRole.MODERATOR)
    assert can_moderate_space(fresh(alice), process)
    delete_user_group(actor=admin, group=committee)
    assert not UserGroup.objects.exists() and not UserGroupMembership.objects.exists()
    assert not SpaceGroupPermission.objects.exists()
    alice = fresh(alice)
    assert alice.is_active and not alice.groups.exists()
    assert not can_moderate_space(alice, process)
    assert ActionLog.objects.filter(action="delete", target_id=str(committee.pk)).exists()


# --- Members ---------------------------------------------------------------------------------


@pytest.mark.parametrize("identifier", ["alice", "@alice", "ALICE", "alice@example.org"])
def test_members_are_added_by_nickname_or_email(admin, organization, committee, identifier):
    alice = make_user(organization, nickname="alice", email="alice@example.org")
    assert add_group_member(actor=admin, group=committee, identifier=identifier) == alice
    assert members(committee) == {alice.pk}
    membership = UserGroupMembership.objects.get()
    assert membership.joined_at is not None
    entry = ActionLog.objects.get(action="add_group_member")
    assert entry.changes == {"user": alice.pk} and entry.target_label == committee.name


def test_another_organisations_account_is_never_found_nor_revealed(
    admin, other_organization, committee
):
    make_user(other_organization, nickname="zoe", email="zoe@example.org")
    messages = set()
    for identifier in ("zoe", "zoe@example.org", "nobody", "nobody@example.org", "  "):
        with pytest.raises(ValidationError) as error:
            add_group_member(actor=admin, group=committee, identifier=identifier)
        assert error.value.error_code == ErrorCode.INVALID
        messages.add(tuple(error.value.messages))
    assert len(messages) == 1, "the answer must not tell an account elsewhere from none"
    assert members(committee) == set()


def test_deactivated_accounts_cannot_be_added(admin, organization, committee):
    make_user(organization, nickname="gone", is_active=False)
    with pytest.raises(ValidationError):
        add_group_member(actor=admin, group=committee, identifier="gone")
    assert members(committee) == set()


def test_adding_twice_is_refused_and_changes_nothing(admin, committee, alice):
    add_group_member(actor=admin, group=committee, identifier="alice")
    joined = UserGroupMembership.objects.get().joined_at
    with pytest.raises(ValidationError) as error:
        add_group_member(actor=admin, group=committee, identifier="alice")
    assert error.value.messages == [gettext("This person is already a member of the group.")]
    assert UserGroupMembership.objects.get().joined_at == joined
    assert ActionLog.objects.filter(action="add_group_member").count() == 1


def test_removing_a_member(admin, committee, alice, bob):
    add_group_member(actor=admin, group=committee, identifier="alice")
    add_group_member(actor=admin, group=committee, identifier="bob")
    remove_group_member(actor=admin, group=committee, user=alice)
    assert members(committee) == {bob.pk}
    assert ActionLog.objects.filter(action="remove_group_member").get().changes == {
        "user": alice.pk
    }
    with pytest.raises(ValidationError):
        remove_group_member(actor=admin, group=committee, user=alice)


def test_set_group_members_keeps_the_dates_of_those_who_stay(admin, committee, alice, bob, carol):
    add_group_member(actor=admin, group=committee, identifier="alice")
    joined = UserGroupMembership.objects.get(user=alice).joined_at
    set_group_members(actor=admin, group=committee, members=[alice, carol])
    assert members(committee) == {alice.pk, carol.pk}
    assert UserGroupMembership.objects.get(user=alice).joined_at == joined
    set_group_members(actor=admin, group=committee, members=[bob])
    assert members(committee) == {bob.pk}


# --- Space roles through a group -------------------------------------------------------------


def test_a_group_moderator_moderates_until_removed_from_the_group(
    admin, organization, committee, alice, bob
):
    process = ProcessFactory(organization=organization)
    other = ProcessFactory(organization=organization)
    add_group_member(actor=admin, group=committee, identifier="alice")
    grant_group_space_role(actor=admin, group=committee, space=process, role=SpaceRole.MODERATOR)
    assert ActionLog.objects.get(action="grant_group_role").changes == {
        "role": "moderate_space",
        "space": process.pk,
    }
    assert can_moderate_space(fresh(alice), process)
    assert held_roles(fresh(alice), process) == {"moderate_space"}
    assert not can_manage_space(fresh(alice), process)
    assert not has_space_role(fresh(alice), other)
    assert not can_moderate_space(fresh(bob), process)
    # A newcomer holds it at once; a leaver loses it at once.
    add_group_member(actor=admin, group=committee, identifier="bob")
    assert can_moderate_space(fresh(bob), process)
    remove_group_member(actor=admin, group=committee, user=alice)
    assert not can_moderate_space(fresh(alice), process)
    assert can_moderate_space(fresh(bob), process)


def test_a_group_moderator_may_moderate_in_the_back_office(admin, organization, committee, alice):
    from tests.conftest import host_client

    process = ProcessFactory(organization=organization, slug="budget-g", title="Budget G")
    grant_group_space_role(actor=admin, group=committee, space=process, role=SpaceRole.MODERATOR)
    client = host_client(organization.host, user=alice)
    assert client.get("/admin/moderation/").status_code == 403
    add_group_member(actor=admin, group=committee, identifier="alice")
    assert client.get("/admin/moderation/").status_code == 200
    remove_group_member(actor=admin, group=committee, user=fresh(alice))
    assert client.get("/admin/moderation/").status_code == 403


def test_revoking_a_group_role(admin, organization, committee, alice):
    process = ProcessFactory(organization=organization)
    add_group_member(actor=admin, group=committee, identifier="alice")
    grant_group_space_role(actor=admin, group=committee, space=process, role=SpaceRole.EVALUATOR)
    revoke_group_space_role(actor=admin, group=committee, space=process, role="evaluate_space")
    assert not has_space_role(fresh(alice), process)
    assert ActionLog.objects.filter(action="revoke_group_role").exists()
    with pytest.raises(ValidationError):
        revoke_group_space_role(
            actor=admin, group=committee, space=process, role=SpaceRole.EVALUATOR
        )


def test_granting_twice_or_an_unknown_role_is_refused(admin, organization, committee):
    process = ProcessFactory(organization=organization)
    grant_group_space_role(actor=admin, group=committee, space=process, role=SpaceRole.ADMIN)
    with pytest.raises(ValidationError):
        grant_group_space_role(actor=admin, group=committee, space=process, role=SpaceRole.ADMIN)
    with pytest.raises(ValidationError) as error:
        grant_group_space_role(actor=admin, group=committee, space=process, role="superuser")
    assert "role" in error.value.error_dict
    assert SpaceGroupPermission.objects.count() == 1


def test_a_group_gets_no_role_on_another_organisations_space(
    admin, organization, other_organization, committee
):
    foreign = ProcessFactory(organization=other_organization)
    with pytest.raises(ValidationError) as error:
        grant_group_space_role(
            actor=admin, group=committee, space=foreign, role=SpaceRole.MODERATOR
        )
    assert "space" in error.value.error_dict
    assert not SpaceGroupPermission.objects.exists()


# --- Selectors -----------------------------------------------------------------------------


def test_groups_of_shows_public_groups_only_to_others(admin, organization, committee, alice, bob):
    public = create_user_group(
        actor=admin, organization=organization, name="Conseil des jeunes", is_public=True
    )
    create_user_group(actor=admin, organization=organization, name="Sans Alice", is_public=True)
    add_group_member(actor=admin, group=committee, identifier="alice")
    add_group_member(actor=admin, group=public, identifier="alice")
    mine = list(groups_of(alice, alice))
    assert [group.name for group in mine] == ["Comité de validation", "Conseil des jeunes"]
    assert all(group.joined_at for group in mine)
    assert [group.name for group in groups_of(alice, bob)] == ["Conseil des jeunes"]
    from django.contrib.auth.models import AnonymousUser

    assert [group.name for group in groups_of(alice, AnonymousUser())] == ["Conseil des jeunes"]
    assert list(groups_of(bob, bob)) == []


def test_the_groups_list_counts_in_one_query(
    admin, organization, other_organization, django_assert_num_queries
):
    process = ProcessFactory(organization=organization)
    for number in range(4):
        group = create_user_group(actor=admin, organization=organization, name=f"Groupe {number}")
        set_group_members(
            actor=admin, group=group, members=[make_user(organization) for _ in range(number)]
        )
        if number:
            grant_group_space_role(
                actor=admin, group=group, space=process, role=SpaceRole.MODERATOR
            )
    other_admin = make_user(other_organization, admin=True)
    create_user_group(actor=other_admin, organization=other_organization, name="Ailleurs")
    with django_assert_num_queries(1):
        rows = [(g.name, g.member_count, g.role_count) for g in organization_groups(organization)]
    assert rows == [("Groupe 0", 0, 0), ("Groupe 1", 1, 1), ("Groupe 2", 2, 1), ("Groupe 3", 3, 1)]
