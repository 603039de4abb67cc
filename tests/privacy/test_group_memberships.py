"""Group memberships are personal data: exported with the account, gone with it."""

from participation.models import SpaceRole, UserGroup, UserGroupMembership
from participation.privacy import deletion
from participation.privacy.core_data import export_account
from participation.services.groups import (
    add_group_member,
    create_user_group,
    grant_group_space_role,
)
from participation.spaces import can_moderate_space
from tests.factories import PASSWORD, ProcessFactory, make_user


def test_the_export_lists_the_persons_groups_with_their_dates(admin, organization, alice, bob):
    committee = create_user_group(actor=admin, organization=organization, name="Comité")
    hidden = create_user_group(actor=admin, organization=organization, name="Bureau")
    create_user_group(actor=admin, organization=organization, name="Sans elle")
    add_group_member(actor=admin, group=committee, identifier="alice")
    add_group_member(actor=admin, group=hidden, identifier="alice")
    add_group_member(actor=admin, group=committee, identifier="bob")
    groups = export_account(alice)["account"]["groups"]
    # Private groups too: it is the person's own data.
    assert [row["name"] for row in groups] == ["Bureau", "Comité"]
    joined = UserGroupMembership.objects.get(user=alice, group=committee).joined_at
    assert groups[1]["joined_at"] == joined
    assert "Bob" not in str(groups)


def test_deleting_the_account_ends_its_memberships_and_the_roles_they_gave(
    admin, organization, django_capture_on_commit_callbacks
):
    anne = make_user(organization, nickname="anne", email="anne@example.org")
    stays = make_user(organization, nickname="reste")
    process = ProcessFactory(organization=organization)
    committee = create_user_group(actor=admin, organization=organization, name="Comité")
    add_group_member(actor=admin, group=committee, identifier="anne")
    add_group_member(actor=admin, group=committee, identifier="reste")
    grant_group_space_role(actor=admin, group=committee, space=process, role=SpaceRole.MODERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        deletion.delete_account(user=anne, password=PASSWORD)
    assert not UserGroupMembership.objects.filter(user=anne).exists()
    anne = type(anne).objects.get(pk=anne.pk)
    assert not anne.groups.exists() and not can_moderate_space(anne, process)
    group = UserGroup.objects.get()
    assert list(group.memberships.values_list("user_id", flat=True)) == [stays.pk]
    assert can_moderate_space(type(stays).objects.get(pk=stays.pk), process)
