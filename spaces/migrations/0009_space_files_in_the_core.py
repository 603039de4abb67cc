"""Files of spaces and of documents blocks move to the core's one ``Attachment`` table
(issue 13).

Every row is copied with the same stored file name (no file moves): a documents
block's file is attached to its block, the others to the space itself (as a ``Space``,
whatever its type); then the old table goes. Backwards, those rows come back.
"""

from django.db import migrations


def _types(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    space = ContentType.objects.get_or_create(app_label="participation", model="space")[0]
    block = ContentType.objects.get_or_create(app_label="spaces", model="contentblock")[0]
    return space, block


def forwards(apps, schema_editor):
    SpaceFile = apps.get_model("spaces", "SpaceFile")
    Attachment = apps.get_model("participation", "Attachment")
    space_type, block_type = _types(apps)
    positions: dict[tuple[int, int], int] = {}
    for old in SpaceFile.objects.order_by("title", "id"):
        if old.block_id is not None:
            content_type, object_id = block_type, old.block_id
        else:
            content_type, object_id = space_type, old.space_id
        key = (content_type.pk, object_id)
        position = positions.get(key, 0)
        positions[key] = position + 1
        new = Attachment.objects.create(
            organization_id=old.organization_id,
            space_id=old.space_id,
            content_type=content_type,
            object_id=object_id,
            kind="image" if old.is_image else "document",
            file=old.file.name,
            original_name=old.original_name[:200],
            title=old.title,
            size=old.size,
            position=position,
        )
        Attachment.objects.filter(pk=new.pk).update(created_at=old.created_at)


def backwards(apps, schema_editor):
    SpaceFile = apps.get_model("spaces", "SpaceFile")
    Attachment = apps.get_model("participation", "Attachment")
    space_type, block_type = _types(apps)
    rows = Attachment.objects.filter(content_type__in=[space_type, block_type]).order_by("id")
    for row in rows:
        block_id = row.object_id if row.content_type_id == block_type.pk else None
        old = SpaceFile.objects.create(
            organization_id=row.organization_id,
            space_id=row.space_id,
            block_id=block_id,
            title=row.title or row.original_name,
            file=row.file.name,
            original_name=row.original_name,
            size=row.size,
            is_image=row.kind == "image",
        )
        SpaceFile.objects.filter(pk=old.pk).update(created_at=row.created_at)
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0008_categories_and_areas_move_into_the_core"),
        ("participation", "0008_attachment"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="SpaceFile"),
    ]
