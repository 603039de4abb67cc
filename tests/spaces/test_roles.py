"""Space roles held by people or groups, as django-guardian object permissions."""

import pytest
from django.core.exceptions import ValidationError

from participation.errors import ErrorCode
from participation.models import ActionLog
from participation.services.groups import create_user_group, set_group_members
from spaces.models import SpaceRole
from spaces.permissions import (
    can_evaluate_in_space,
    can_manage_space,
    can_moderate_space,
    can_read_space_backoffice,
    has_space_role,
)
from spaces.services import assign_space_role, revoke_space_role
from tests.factories import AssemblyFactory, ProcessFactory, make_user


@pytest.fixture
def other_process(organization):
    return ProcessFactory(organization=organization, slug="q", title="Q")


def fresh(user):
    # Guardian caches permissions on the user object: reload between checks.
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize(
    ("role", "manage", "moderate", "evaluate"),
    [
        (SpaceRole.ADMIN, True, True, True),
        (SpaceRole.MODERATOR, False, True, False),
        (SpaceRole.EVALUATOR, False, False, True),
        (SpaceRole.COLLABORATOR, False, False, False),
    ],
)
def test_each_role_grants_what_it_should_on_its_space_only(
    org_admin, organization, draft_process, other_process, role, manage, moderate, evaluate
):
    person = make_user(organization)
    assign_space_role(actor=org_admin, space=draft_process, role=role, user=person)
    person = fresh(person)
    assert can_read_space_backoffice(person, draft_process)
    assert can_manage_space(person, draft_process) is manage
    assert can_moderate_space(person, draft_process) is moderate
    assert can_evaluate_in_space(person, draft_process) is evaluate
    assert not has_space_role(person, other_process)
    assert ActionLog.objects.filter(action="assign_role", target_id=str(draft_process.pk)).exists()


def test_roles_do_not_leak_across_space_types_with_the_same_id(
    org_admin, organization, draft_process
):
    # One table for every type: an assembly never shares the process's id.
    assembly = AssemblyFactory(organization=organization, slug="a", title="A")
    assert assembly.pk != draft_process.pk
    person = make_user(organization)
    assign_space_role(actor=org_admin, space=draft_process, role=SpaceRole.ADMIN, user=person)
    assert not has_space_role(fresh(person), assembly)


def test_revoking_removes_the_role(org_admin, organization, draft_process):
    person = make_user(organization)
    assign_space_role(actor=org_admin, space=draft_process, role=SpaceRole.MODERATOR, user=person)
    revoke_space_role(actor=org_admin, space=draft_process, role=SpaceRole.MODERATOR, user=person)
    assert not has_space_role(fresh(person), draft_process)


def test_a_group_holds_a_role_for_its_members(org_admin, organization, draft_process):
    committee = create_user_group(
        actor=org_admin, organization=organization, name="Comité de suivi"
    )
    alice, bob = make_user(organization), make_user(organization)
    set_group_members(actor=org_admin, group=committee, members=[alice])
    assign_space_role(
        actor=org_admin, space=draft_process, role=SpaceRole.EVALUATOR, group=committee
    )
    assert can_evaluate_in_space(fresh(alice), draft_process)
    assert not has_space_role(fresh(bob), draft_process)


def test_organisation_admins_hold_every_role(org_admin, draft_process):
    assert can_manage_space(org_admin, draft_process) and can_moderate_space(
        org_admin, draft_process
    )


def test_participants_and_anonymous_hold_none(participant, draft_process):
    from django.contrib.auth.models import AnonymousUser

    assert not has_space_role(participant, draft_process)
    assert not has_space_role(AnonymousUser(), draft_process)


@pytest.mark.parametrize("actor_role", [None, SpaceRole.MODERATOR, SpaceRole.COLLABORATOR])
def test_only_admins_assign_roles(org_admin, organization, draft_process, actor_role):
    actor = make_user(organization)
    if actor_role:
        assign_space_role(actor=org_admin, space=draft_process, role=actor_role, user=actor)
    target = make_user(organization)
    with pytest.raises(ValidationError) as error:
        assign_space_role(
            actor=fresh(actor), space=draft_process, role=SpaceRole.ADMIN, user=target
        )
    assert error.value.error_code == ErrorCode.PERMISSION_DENIED
    assert not has_space_role(fresh(target), draft_process)


def test_space_admins_may_assign_roles_in_their_space(org_admin, organization, draft_process):
    space_admin = make_user(organization)
    assign_space_role(actor=org_admin, space=draft_process, role=SpaceRole.ADMIN, user=space_admin)
    target = make_user(organization)
    assign_space_role(
        actor=fresh(space_admin), space=draft_process, role=SpaceRole.MODERATOR, user=target
    )
    assert can_moderate_space(fresh(target), draft_process)


def test_roles_never_cross_organisations(
    org_admin, organization, other_organization, draft_process
):
    stranger = make_user(other_organization)
    with pytest.raises(ValidationError):
        assign_space_role(actor=org_admin, space=draft_process, role=SpaceRole.ADMIN, user=stranger)
    assert not has_space_role(fresh(stranger), draft_process)
    foreign_admin = make_user(other_organization, admin=True)
    assert not can_manage_space(foreign_admin, draft_process)
    with pytest.raises(ValidationError):
        assign_space_role(
            actor=foreign_admin,
            space=draft_process,
            role=SpaceRole.ADMIN,
            user=make_user(organization),
        )


def test_group_members_must_belong_to_the_organisation(org_admin, organization, other_organization):
    group = create_user_group(actor=org_admin, organization=organization, name="Bureau")
    with pytest.raises(ValidationError):
        set_group_members(actor=org_admin, group=group, members=[make_user(other_organization)])
    assert group.auth_group.user_set.count() == 0


def test_group_names_are_unique_per_organisation_only(org_admin, organization, other_organization):
    create_user_group(actor=org_admin, organization=organization, name="Bureau")
    with pytest.raises(ValidationError):
        create_user_group(actor=org_admin, organization=organization, name="bureau")
    other_admin = make_user(other_organization, admin=True)
    assert create_user_group(actor=other_admin, organization=other_organization, name="Bureau")


def test_the_back_office_link_follows_role_changes_at_once(org_admin, organization, draft_process):
    """The user menu's back-office link is cached per person; granting or revoking a role,
    directly or through a group, shows on the very next page."""
    from tests.conftest import host_client

    person = make_user(organization)
    client = host_client("ville-a.test", user=person)

    def has_link():
        return 'href="/admin/"' in client.get("/").content.decode()

    assert not has_link()
    assign_space_role(actor=org_admin, space=draft_process, role=SpaceRole.MODERATOR, user=person)
    assert has_link()
    revoke_space_role(actor=org_admin, space=draft_process, role=SpaceRole.MODERATOR, user=person)
    assert not has_link()
    committee = create_user_group(actor=org_admin, organization=organization, name="Comité")
    assign_space_role(
        actor=org_admin, space=draft_process, role=SpaceRole.EVALUATOR, group=committee
    )
    assert not has_link()
    set_group_members(actor=org_admin, group=committee, members=[person])
    assert has_link()
