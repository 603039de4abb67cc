"""Migrating from five space tables to the one ``Space`` table carries every row over.

The schema before (spaces 0004, components 0001...) is built, filled with spaces of every
type whose ids collide, with what points at them (steps, sub-assemblies, components,
categories, members, invitations, blocks, files, roles, moderation, follows, the
activity log); then the migrations run and every reference must land on the right space.
"""

import datetime

import pytest
from django.utils import timezone

BEFORE = [
    ("spaces", "0004_blocks_attachments_home"),
    ("components", "0001_initial"),
    ("moderation", "0001_initial"),
    ("participation", "0002_usergroup"),
]
AFTER = [
    ("spaces", "0007_space_types_inherit_space"),
    ("components", "0003_remove_legacy_space_columns"),
    ("moderation", "0003_remove_legacy_space_columns"),
]
TYPES = {
    "participatoryprocess": "processes",
    "assembly": "assemblies",
    "initiative": "initiatives",
    "votation": "votations",
    "conference": "conferences",
}
CREATED = timezone.make_aware(datetime.datetime(2024, 3, 1, 9, 30))


def _fill(apps) -> dict:
    """The old schema's rows; returns what the checks need (old ids, people...)."""
    Organization = apps.get_model("participation", "Organization")
    User = apps.get_model("participation", "User")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    now = timezone.now()

    organization = Organization.objects.create(name="Ville", host="ville.test")
    alice = User.objects.create(organization=organization, username="alice", email="a@x.fr")
    bob = User.objects.create(organization=organization, username="bob", email="b@x.fr")
    committee = Group.objects.create(name="comité")

    spaces = {}
    for name in TYPES:
        model = apps.get_model("spaces", name)
        # The same id in every table: what made (type, id) pairs necessary before.
        space = model.objects.create(
            pk=7,
            organization=organization,
            slug="quartier",
            title=f"Quartier ({name})",
            visibility="private" if name == "assembly" else "public",
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2024, 12, 31),
            published_at=now,
        )
        model.objects.filter(pk=space.pk).update(created_at=CREATED)
        spaces[name] = space
    Assembly = apps.get_model("spaces", "Assembly")
    child = Assembly.objects.create(
        pk=8, organization=organization, slug="conseil", title="Conseil", parent=spaces["assembly"]
    )
    process, assembly = spaces["participatoryprocess"], spaces["assembly"]
    ProcessStep = apps.get_model("spaces", "ProcessStep")
    step = ProcessStep.objects.create(process=process, title="Propositions", active=True)

    Component = apps.get_model("components", "Component")
    components = {
        name: Component.objects.create(
            organization=organization,
            space_type=key,
            space_id=spaces[name].pk,
            manifest_name="blogs",
            name=f"Blog {name}",
        )
        for name, key in TYPES.items()
    }

    ct = {
        name: ContentType.objects.get_or_create(app_label="spaces", model=name)[0] for name in TYPES
    }
    attached = {}
    for model_name, extra in (
        ("category", {"name": "Mobilité"}),
        ("spacemember", {"user": alice, "invited_at": now, "accepted_at": now}),
        (
            "spaceinvitation",
            {"email": "c@x.fr", "token_hash": "h" * 64, "expires_at": now},
        ),
        ("contentblock", {"kind": "text"}),
        ("spacefile", {"title": "Compte rendu", "file": "documents/cr.pdf"}),
    ):
        model = apps.get_model("spaces", model_name)
        attached[model_name] = model.objects.create(
            organization=organization,
            content_type=ct["assembly"],
            object_id=assembly.pk,
            **extra,
        )

    # Roles: django-guardian generic rows on the type's own permission.
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    GroupObjectPermission = apps.get_model("guardian", "GroupObjectPermission")

    def permission(name, codename):
        return Permission.objects.get_or_create(
            content_type=ct[name], codename=codename, defaults={"name": codename}
        )[0]

    UserObjectPermission.objects.create(
        user=bob,
        permission=permission("participatoryprocess", "admin_space"),
        content_type=ct["participatoryprocess"],
        object_pk=str(process.pk),
    )
    GroupObjectPermission.objects.create(
        group=committee,
        permission=permission("assembly", "moderate_space"),
        content_type=ct["assembly"],
        object_pk=str(assembly.pk),
    )

    Moderation = apps.get_model("moderation", "Moderation")
    user_ct = ContentType.objects.get_or_create(app_label="participation", model="user")[0]
    moderation = Moderation.objects.create(
        organization=organization,
        content_type=user_ct,
        object_id=alice.pk,
        space_type="assemblies",
        space_id=assembly.pk,
    )
    person_moderation = Moderation.objects.create(
        organization=organization, content_type=user_ct, object_id=bob.pk
    )
    Follow = apps.get_model("notifications", "Follow")
    follow = Follow.objects.create(
        organization=organization,
        user=alice,
        content_type=ct["initiative"],
        object_id=spaces["initiative"].pk,
    )
    ActionLog = apps.get_model("participation", "ActionLog")
    log = ActionLog.objects.create(
        organization=organization,
        action="publish",
        target_type="spaces.conference",
        target_id=str(spaces["conference"].pk),
    )
    return {
        "organization": organization.pk,
        "alice": alice.pk,
        "bob": bob.pk,
        "committee": committee.pk,
        "child": child.pk,
        "step": step.pk,
        "components": {name: c.pk for name, c in components.items()},
        "attached": {name: row.pk for name, row in attached.items()},
        "moderation": moderation.pk,
        "person_moderation": person_moderation.pk,
        "follow": follow.pk,
        "log": log.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_spaces_of_every_type_and_their_references_are_carried_over(migrator):
    old = migrator.apply_initial_migration(BEFORE).apps
    before = _fill(old)
    new = migrator.apply_tested_migration(AFTER).apps

    Space = new.get_model("participation", "Space")
    spaces = {}
    for name, key in TYPES.items():
        model = new.get_model("spaces", name)
        typed = model.objects.get(slug="quartier")
        base = Space.objects.get(pk=typed.pk)
        assert base.space_type == key
        assert base.title == f"Quartier ({name})"
        assert base.organization_id == before["organization"]
        assert (base.start_date, base.end_date) == (
            datetime.date(2024, 1, 1),
            datetime.date(2024, 12, 31),
        )
        assert base.created_at == CREATED  # not the migration's "now"
        spaces[name] = typed.pk
    assert len(set(spaces.values())) == len(TYPES)  # the colliding ids are now distinct
    assert Space.objects.count() == len(TYPES) + 1  # and the sub-assembly
    assert Space.objects.get(pk=spaces["assembly"]).visibility == "private"

    Assembly = new.get_model("spaces", "Assembly")
    child = Assembly.objects.get(slug="conseil")
    assert child.parent_id == spaces["assembly"]
    step = new.get_model("spaces", "ProcessStep").objects.get(pk=before["step"])
    assert step.process_id == spaces["participatoryprocess"]

    Component = new.get_model("components", "Component")
    for name, pk in before["components"].items():
        assert Component.objects.get(pk=pk).space_id == spaces[name]

    for model_name, pk in before["attached"].items():
        row = new.get_model("spaces", model_name).objects.get(pk=pk)
        assert row.space_id == spaces["assembly"], model_name

    # Roles now live in the direct tables, on the base Space's permissions.
    SpaceUserPermission = new.get_model("participation", "SpaceUserPermission")
    SpaceGroupPermission = new.get_model("participation", "SpaceGroupPermission")
    user_role = SpaceUserPermission.objects.select_related("permission__content_type").get()
    assert (user_role.user_id, user_role.content_object_id) == (
        before["bob"],
        spaces["participatoryprocess"],
    )
    assert user_role.permission.codename == "admin_space"
    assert user_role.permission.content_type.app_label == "participation"
    assert user_role.permission.content_type.model == "space"
    group_role = SpaceGroupPermission.objects.select_related("permission").get()
    assert (group_role.group_id, group_role.content_object_id) == (
        before["committee"],
        spaces["assembly"],
    )
    assert group_role.permission.codename == "moderate_space"
    for generic in ("UserObjectPermission", "GroupObjectPermission"):
        left = new.get_model("guardian", generic).objects.filter(content_type__app_label="spaces")
        assert not left.exists()

    Moderation = new.get_model("moderation", "Moderation")
    assert Moderation.objects.get(pk=before["moderation"]).space_id == spaces["assembly"]
    assert Moderation.objects.get(pk=before["person_moderation"]).space_id is None
    follow = new.get_model("notifications", "Follow").objects.get(pk=before["follow"])
    assert follow.object_id == spaces["initiative"]
    log = new.get_model("participation", "ActionLog").objects.get(pk=before["log"])
    assert log.target_id == str(spaces["conference"])

    # The foreign keys hold in the database: deleting a space takes what hangs on it.
    Space.objects.filter(pk=spaces["assembly"]).delete()
    assert not Assembly.objects.filter(slug__in=["quartier", "conseil"]).exists()
    assert not Component.objects.filter(pk=before["components"]["assembly"]).exists()
    assert not SpaceGroupPermission.objects.exists()
    for model_name, pk in before["attached"].items():
        assert not new.get_model("spaces", model_name).objects.filter(pk=pk).exists()
