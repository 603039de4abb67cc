"""Groups filled before memberships existed keep their people as members."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_the_people_of_a_groups_django_group_become_its_members(migrator):
    old = migrator.apply_initial_migration(("participation", "0004_user_about_personal_url")).apps
    Organization = old.get_model("participation", "Organization")
    User = old.get_model("participation", "User")
    Group = old.get_model("auth", "Group")
    UserGroup = old.get_model("participation", "UserGroup")
    organization = Organization.objects.create(name="Ville", host="ville.test")
    alice = User.objects.create(organization=organization, username="alice", email="a@x.fr")
    bob = User.objects.create(organization=organization, username="bob", email="b@x.fr")
    auth_group = Group.objects.create(name="org1:Comité")
    auth_group.user_set.add(alice, bob)
    UserGroup.objects.create(organization=organization, name="Comité", auth_group=auth_group)
    UserGroup.objects.create(
        organization=organization, name="Vide", auth_group=Group.objects.create(name="org1:Vide")
    )

    new = migrator.apply_tested_migration(("participation", "0005_usergroup_pages")).apps
    Membership = new.get_model("participation", "UserGroupMembership")
    rows = set(Membership.objects.values_list("group__name", "user__username"))
    assert rows == {("Comité", "alice"), ("Comité", "bob")}
    assert all(Membership.objects.values_list("joined_at", flat=True))
    group = new.get_model("participation", "UserGroup").objects.get(name="Comité")
    assert (group.description, group.is_public) == ("", False)
