"""Second half: the legacy columns go (spaces' migration 0006 runs before this)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_moderation_space_foreign_key"),
    ]

    operations = [
        migrations.RemoveField(model_name="moderation", name="legacy_space_id"),
        migrations.RemoveField(model_name="moderation", name="legacy_space_type"),
        migrations.AddIndex(
            model_name="moderation",
            index=models.Index(fields=["organization", "space"], name="moderation_space"),
        ),
    ]
