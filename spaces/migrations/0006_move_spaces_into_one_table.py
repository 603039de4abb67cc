"""One Space table, the data: each space of each type becomes a ``Space`` row (new ids: the
ids of different types collide) and every reference follows it.

References remapped: the type's own link (``space_ptr``), steps and sub-assemblies,
components and moderation (type key + id), categories, members, invitations, blocks
and files (content type + id), roles (django-guardian generic rows become rows of the
direct ``SpaceUserPermission``/``SpaceGroupPermission`` tables, on the base ``Space``
permissions), and the generic pointers that may designate a space (follows,
notifications, comments, moderated items, daily metrics, the activity log).
"""

from django.db import migrations

# model name -> type key (the URL segment)
SPACE_TYPES = {
    "participatoryprocess": "processes",
    "assembly": "assemblies",
    "initiative": "initiatives",
    "votation": "votations",
    "conference": "conferences",
}
COMMON_FIELDS = [
    "organization_id",
    "slug",
    "title",
    "subtitle",
    "short_description",
    "description",
    "hero_image",
    "hero_image_alt",
    "start_date",
    "end_date",
    "visibility",
    "promoted",
    "published_at",
]
ATTACHED = ["category", "spacemember", "spaceinvitation", "contentblock", "spacefile"]
ROLES = {
    "admin_space": "Space administrator",
    "collaborate_space": "Collaborator (read-only back-office)",
    "moderate_space": "Moderator",
    "evaluate_space": "Evaluator",
}
# (app, model, content type field, id field) of generic pointers that may designate a space.
GENERIC_POINTERS = [
    ("notifications", "follow", "content_type_id", "object_id"),
    ("notifications", "notification", "content_type_id", "object_id"),
    ("notifications", "notification", "subject_type_id", "subject_id"),
    ("comments", "comment", "content_type_id", "object_id"),
    ("moderation", "moderation", "content_type_id", "object_id"),
    ("synthesis", "dailymetric", "space_ct_id", "space_id"),
]


def _copy_spaces(apps) -> dict[str, dict[int, int]]:
    """Create the ``Space`` rows; old id -> new id per model name."""
    Space = apps.get_model("participation", "Space")
    new_ids: dict[str, dict[int, int]] = {}
    for name, key in SPACE_TYPES.items():
        model = apps.get_model("spaces", name)
        new_ids[name] = {}
        for row in model.objects.order_by("pk"):
            values = {field: getattr(row, field) for field in COMMON_FIELDS}
            values["hero_image"] = row.hero_image.name or ""
            space = Space.objects.create(space_type=key, **values)
            # auto_now(_add) stamped "now" on create: keep the original dates.
            Space.objects.filter(pk=space.pk).update(
                created_at=row.created_at, updated_at=row.updated_at
            )
            model.objects.filter(pk=row.pk).update(space_ptr_id=space.pk)
            new_ids[name][row.pk] = space.pk
    return new_ids


def _remap_rows(queryset, source: str, target: str, mapping: dict[int, int]) -> None:
    """Set ``target`` from ``source`` through ``mapping``; rows pointing nowhere (left behind
    by a deleted space) are deleted, as the new foreign key would have deleted them."""
    for pk, old in queryset.values_list("pk", source):
        new = mapping.get(int(old)) if old not in (None, "") else None
        if new is None:
            queryset.filter(pk=pk).delete()
        else:
            queryset.filter(pk=pk).update(**{target: new})


def _content_types(apps) -> dict[str, int]:
    ContentType = apps.get_model("contenttypes", "ContentType")
    return dict(
        ContentType.objects.filter(app_label="spaces", model__in=SPACE_TYPES).values_list(
            "model", "pk"
        )
    )


def _move_roles(apps, content_types: dict[str, int], new_ids) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    space_type, _created = ContentType.objects.get_or_create(app_label="participation", model="space")
    base = {
        codename: Permission.objects.get_or_create(
            content_type=space_type, codename=codename, defaults={"name": label}
        )[0]
        for codename, label in ROLES.items()
    }
    moves = [
        ("UserObjectPermission", "SpaceUserPermission", "user_id"),
        ("GroupObjectPermission", "SpaceGroupPermission", "group_id"),
    ]
    for generic_name, direct_name, holder in moves:
        generic = apps.get_model("guardian", generic_name)
        direct = apps.get_model("participation", direct_name)
        for name, ct_id in content_types.items():
            rows = generic.objects.filter(content_type_id=ct_id).select_related("permission")
            for row in rows:
                new = new_ids[name].get(int(row.object_pk))
                permission = base.get(row.permission.codename)
                if new is not None and permission is not None:
                    direct.objects.get_or_create(
                        content_object_id=new,
                        permission=permission,
                        **{holder: getattr(row, holder)},
                    )
            rows.delete()


def forwards(apps, schema_editor) -> None:
    new_ids = _copy_spaces(apps)
    by_key = {SPACE_TYPES[name]: mapping for name, mapping in new_ids.items()}
    content_types = _content_types(apps)

    # What pointed at one type's own table.
    _remap_rows(
        apps.get_model("spaces", "ProcessStep").objects.all(),
        "process_id",
        "new_process_id",
        new_ids["participatoryprocess"],
    )
    Assembly = apps.get_model("spaces", "Assembly")
    _remap_rows(
        Assembly.objects.filter(parent_id__isnull=False),
        "parent_id",
        "new_parent_id",
        new_ids["assembly"],
    )

    # Type key + id.
    for app_label, model_name in (("components", "component"), ("moderation", "moderation")):
        model = apps.get_model(app_label, model_name)
        for key, mapping in by_key.items():
            _remap_rows(
                model.objects.filter(legacy_space_type=key), "legacy_space_id", "space_id", mapping
            )
        leftover = model.objects.exclude(legacy_space_type="").filter(space_id__isnull=True)
        leftover.delete()  # an unknown type key: nothing to attach it to

    # Content type + id.
    for model_name in ATTACHED:
        model = apps.get_model("spaces", model_name)
        for name, ct_id in content_types.items():
            _remap_rows(
                model.objects.filter(content_type_id=ct_id), "object_id", "space_id", new_ids[name]
            )
        model.objects.filter(space_id__isnull=True).delete()

    _move_roles(apps, content_types, new_ids)

    # Generic pointers keep their (type's) content type; only the id changes.
    for app_label, model_name, ct_field, id_field in GENERIC_POINTERS:
        model = apps.get_model(app_label, model_name)
        for name, ct_id in content_types.items():
            _remap_rows(model.objects.filter(**{ct_field: ct_id}), id_field, id_field, new_ids[name])
    ActionLog = apps.get_model("participation", "ActionLog")
    for name, mapping in new_ids.items():
        for pk, old in ActionLog.objects.filter(target_type=f"spaces.{name}").values_list(
            "pk", "target_id"
        ):
            if old.isdigit() and int(old) in mapping:
                ActionLog.objects.filter(pk=pk).update(target_id=str(mapping[int(old)]))


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0005_space_links"),
        ("components", "0002_component_space_foreign_key"),
        ("moderation", "0002_moderation_space_foreign_key"),
        ("notifications", "0004_emails_through_the_outbox"),
        ("comments", "0001_initial"),
        ("synthesis", "0001_initial"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    run_before = [
        ("components", "0003_remove_legacy_space_columns"),
        ("moderation", "0003_remove_legacy_space_columns"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
