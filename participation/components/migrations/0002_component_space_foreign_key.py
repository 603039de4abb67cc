"""Components point at the one Space table with a foreign key (first half: the old
columns are kept as ``legacy_*`` until spaces' migration 0006 fills ``space``)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("components", "0001_initial"),
        ("participation", "0003_space"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="component", name="component_space_order"),
        migrations.RenameField(model_name="component", old_name="space_id", new_name="legacy_space_id"),
        migrations.RenameField(model_name="component", old_name="space_type", new_name="legacy_space_type"),
        migrations.AddField(
            model_name="component",
            name="space",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="components", to="participation.space", verbose_name="space"),
        ),
    ]
