"""Categories and areas are the core's now (participation 0004): the space types' area
points at ``participation.Scope`` and the spaces app forgets both models.

State only: the tables and their rows stay (the core renames them in its 0005). The
components repoint their own foreign keys first (their migrations run before this one).
"""

import django.db.models.deletion
from django.db import migrations, models

SPACE_MODELS = ["participatoryprocess", "assembly", "initiative", "votation", "conference"]


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0006_categories_and_areas_move_into_the_core"),
        ("spaces", "0007_space_types_inherit_space"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *[
                    migrations.AlterField(
                        model_name=name,
                        name="scope",
                        field=models.ForeignKey(blank=True, help_text="The neighbourhood or theme this space is about, used to filter lists.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="participation.scope", verbose_name="area"),
                    )
                    for name in SPACE_MODELS
                ],
                migrations.DeleteModel(name="Category"),
                migrations.DeleteModel(name="Scope"),
            ],
            database_operations=[],
        ),
    ]
