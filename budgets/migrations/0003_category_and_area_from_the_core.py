"""A budget's area and a project's category and area are the core's models now
(participation 0004).

State only: the columns, their values and the tables they point at do not change.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0002_project_attachments_and_results"),
        ("participation", "0006_categories_and_areas_move_into_the_core"),
    ]
    # Before the spaces app forgets the two models.
    run_before = [("spaces", "0008_categories_and_areas_move_into_the_core")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="budget",
                    name="scope",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="participation.scope", verbose_name="area"),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="category",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="participation.category", verbose_name="category"),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="scope",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="participation.scope", verbose_name="area"),
                ),
            ],
            database_operations=[],
        ),
    ]
