"""Proposal attachments move to the core's one ``Attachment`` table (issue 13).

Every row is copied with the same stored file name (no file moves), attached to its
proposal and filed under the proposal's space; then the old table goes. Backwards, the
rows of proposals come back to the old table.
"""

from django.core.files.storage import default_storage
from django.db import migrations


def _size(name: str) -> int:
    try:
        return default_storage.size(name)
    except (OSError, NotImplementedError, ValueError):
        return 0


def _proposal_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="proposals", model="proposal")[0]


def forwards(apps, schema_editor):
    Old = apps.get_model("proposals", "ProposalAttachment")
    Attachment = apps.get_model("participation", "Attachment")
    content_type = _proposal_type(apps)
    positions: dict[int, int] = {}
    for old in Old.objects.select_related("proposal__component").order_by("proposal_id", "id"):
        position = positions.get(old.proposal_id, 0)
        positions[old.proposal_id] = position + 1
        new = Attachment.objects.create(
            organization_id=old.organization_id,
            space_id=old.proposal.component.space_id,
            content_type=content_type,
            object_id=old.proposal_id,
            kind=old.kind,
            file=old.file.name,
            original_name=old.original_name,
            description=old.description,
            size=_size(old.file.name),
            position=position,
        )
        Attachment.objects.filter(pk=new.pk).update(created_at=old.created_at)


def backwards(apps, schema_editor):
    Old = apps.get_model("proposals", "ProposalAttachment")
    Attachment = apps.get_model("participation", "Attachment")
    rows = Attachment.objects.filter(content_type=_proposal_type(apps)).order_by("position", "id")
    for row in rows:
        old = Old.objects.create(
            organization_id=row.organization_id,
            proposal_id=row.object_id,
            kind=row.kind,
            file=row.file.name,
            original_name=row.original_name,
            description=row.description,
        )
        Old.objects.filter(pk=old.pk).update(created_at=row.created_at)
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0005_category_and_area_from_the_core"),
        ("participation", "0008_attachment"),
        ("components", "0003_remove_legacy_space_columns"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="ProposalAttachment"),
    ]
