"""Categories and areas (``Category``, ``Scope``) move from the spaces app into the core.

No row is copied: this migration only declares the two models in the core's state, on
the tables the spaces app created (``spaces_category``, ``spaces_scope``). The
components repoint their foreign keys in their state, the spaces app forgets the two
models (spaces 0008), then ``0007_categories_and_areas_tables`` renames the tables.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0005_usergroup_pages"),
        ("spaces", "0007_space_types_inherit_space"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Scope",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("organization", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="participation.organization")),
                        ("parent", models.ForeignKey(blank=True, help_text="Optional: the larger area this one belongs to.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="children", to="participation.scope", verbose_name="inside")),
                    ],
                    options={
                        "verbose_name": "area",
                        "verbose_name_plural": "areas",
                        "ordering": ["title"],
                        "db_table": "spaces_scope",
                        "constraints": [
                            # Its name in the spaces app; renamed by 0005.
                            models.UniqueConstraint(fields=("organization", "title"), name="spaces_scope_unique_title"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Category",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=150, verbose_name="name")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("organization", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="participation.organization")),
                        ("parent", models.ForeignKey(blank=True, help_text="Leave empty for a main category; sub-categories go one level deep only.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="children", to="participation.category", verbose_name="parent category")),
                        ("space", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="category_set", to="participation.space")),
                    ],
                    options={
                        "verbose_name": "category",
                        "verbose_name_plural": "categories",
                        "ordering": ["name"],
                        "db_table": "spaces_category",
                        "constraints": [
                            models.UniqueConstraint(fields=("space", "parent", "name"), name="category_unique_name_per_parent"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
