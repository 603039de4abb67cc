"""Second half: every component has its space (spaces' migration 0006 runs before this)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("components", "0002_component_space_foreign_key"),
    ]

    operations = [
        migrations.RemoveField(model_name="component", name="legacy_space_id"),
        migrations.RemoveField(model_name="component", name="legacy_space_type"),
        migrations.AlterField(
            model_name="component",
            name="space",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="components", to="participation.space", verbose_name="space"),
        ),
        migrations.AddIndex(
            model_name="component",
            index=models.Index(fields=["organization", "space", "position"], name="component_space_order"),
        ),
    ]
