"""A moderated item's space is a foreign key to the one Space table (first half: the old
columns are kept as ``legacy_*`` until spaces' migration 0006 fills ``space``)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("participation", "0003_space"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="moderation", name="moderation_space"),
        migrations.RenameField(model_name="moderation", old_name="space_id", new_name="legacy_space_id"),
        migrations.RenameField(model_name="moderation", old_name="space_type", new_name="legacy_space_type"),
        migrations.AddField(
            model_name="moderation",
            name="space",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="moderations", to="participation.space"),
        ),
    ]
