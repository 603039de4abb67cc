"""One Space table, first step: each space type's row gets a link to its future ``Space`` row,
and everything attached to a space a nullable foreign key to it (filled by 0006)."""

import django.db.models.deletion
from django.db import migrations, models

SPACE_MODELS = ["participatoryprocess", "assembly", "initiative", "votation", "conference"]
ATTACHED = ["category", "spacemember", "spaceinvitation", "contentblock", "spacefile"]


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0003_space"),
        ("spaces", "0004_blocks_attachments_home"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=name,
                name="space_ptr",
                field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="participation.space"),
            )
            for name in SPACE_MODELS
        ],
        *[
            migrations.AddField(
                model_name=name,
                name="space",
                field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="participation.space"),
            )
            for name in ATTACHED
        ],
        # Steps and sub-assemblies: the new ids, before the old primary keys go.
        migrations.AddField(
            model_name="processstep",
            name="new_process",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="participation.space"),
        ),
        migrations.AddField(
            model_name="assembly",
            name="new_parent",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="participation.space"),
        ),
    ]
