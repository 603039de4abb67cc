"""One Space table, last step: each type's table keeps only its own fields and is keyed by
its ``Space`` row (multi-table inheritance); attached rows keep only their ``space`` key."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.migrations.operations.base import Operation

SPACE_MODELS = ["participatoryprocess", "assembly", "initiative", "votation", "conference"]
# Now in participation.Space.
COMMON_FIELDS = [
    "organization",
    "slug",
    "title",
    "subtitle",
    "short_description",
    "description",
    "hero_image",
    "hero_image_alt",
    "start_date",
    "end_date",
    "visibility",
    "promoted",
    "published_at",
    "created_at",
    "updated_at",
]
VERBOSE_NAMES = {
    "participatoryprocess": ("concertation", "concertations"),
    "assembly": ("assembly", "assemblies"),
    "initiative": ("initiative", "initiatives"),
    "votation": ("votation", "votations"),
    "conference": ("conference", "conferences"),
}
OLD_INDEXES = {
    "category": "spaces_cate_content_559cbf_idx",
    "spacemember": "spaces_spac_content_f14968_idx",
    "spaceinvitation": "spaces_spac_content_492aba_idx",
    "contentblock": "spaces_cont_content_c88474_idx",
    "spacefile": "spaces_spac_content_1c03d5_idx",
}


class AlterModelBases(Operation):
    """Django has no operation for a model's bases: the state changes, the tables are
    already right (the link to the parent is ``space_ptr``)."""

    reversible = True

    def __init__(self, name, bases):
        self.name = name
        self.bases = bases

    def state_forwards(self, app_label, state):
        state.models[app_label, self.name].bases = self.bases
        state.reload_model(app_label, self.name, delay=True)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return f"Set the bases of {self.name}"

    def deconstruct(self):
        return self.__class__.__name__, [], {"name": self.name, "bases": self.bases}


def _space_fk(**kwargs):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE, to="participation.space", **kwargs
    )


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0006_move_spaces_into_one_table"),
    ]

    operations = [
        # What pointed at the old primary keys goes first (0006 copied it to new_*).
        migrations.RemoveConstraint(model_name="processstep", name="one_active_step_per_process"),
        migrations.RemoveField(model_name="processstep", name="process"),
        migrations.RemoveField(model_name="assembly", name="parent"),
        # Each type's table: keyed by its Space row, its common columns gone.
        *[
            operation
            for name in SPACE_MODELS
            for operation in (
                migrations.RemoveConstraint(model_name=name, name=f"spaces_{name}_unique_slug"),
                migrations.RemoveConstraint(model_name=name, name=f"spaces_{name}_dates_in_order"),
                # The old key first: a table has one primary key.
                migrations.RemoveField(model_name=name, name="id"),
                migrations.AlterField(
                    model_name=name,
                    name="space_ptr",
                    field=models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="participation.space",
                    ),
                ),
                *[migrations.RemoveField(model_name=name, name=field) for field in COMMON_FIELDS],
                AlterModelBases(name, ("participation.space", models.Model)),
                # Ordering and role permissions are the base Space's now.
                migrations.AlterModelOptions(
                    name=name,
                    options={
                        "verbose_name": VERBOSE_NAMES[name][0],
                        "verbose_name_plural": VERBOSE_NAMES[name][1],
                    },
                ),
            )
        ],
        # Steps and sub-assemblies point at the new keys.
        migrations.RenameField(model_name="processstep", old_name="new_process", new_name="process"),
        migrations.AlterField(
            model_name="processstep",
            name="process",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="steps", to="spaces.participatoryprocess"),
        ),
        migrations.AddConstraint(
            model_name="processstep",
            constraint=models.UniqueConstraint(condition=models.Q(("active", True)), fields=("process",), name="one_active_step_per_process"),
        ),
        migrations.RenameField(model_name="assembly", old_name="new_parent", new_name="parent"),
        migrations.AlterField(
            model_name="assembly",
            name="parent",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="children", to="spaces.assembly", verbose_name="parent assembly"),
        ),
        # Attached rows: the generic pair gives way to the foreign key.
        migrations.RemoveConstraint(model_name="category", name="category_unique_name_per_parent"),
        migrations.RemoveConstraint(model_name="spacemember", name="space_member_unique"),
        *[
            operation
            for name, index in OLD_INDEXES.items()
            for operation in (
                migrations.RemoveIndex(model_name=name, name=index),
                migrations.RemoveField(model_name=name, name="content_type"),
                migrations.RemoveField(model_name=name, name="object_id"),
                migrations.AlterField(
                    model_name=name, name="space", field=_space_fk(related_name="%(class)s_set")
                ),
            )
        ],
        migrations.AddConstraint(
            model_name="category",
            constraint=models.UniqueConstraint(fields=("space", "parent", "name"), name="category_unique_name_per_parent"),
        ),
        migrations.AddConstraint(
            model_name="spacemember",
            constraint=models.UniqueConstraint(fields=("space", "user"), name="space_member_unique"),
        ),
        migrations.AddIndex(
            model_name="contentblock",
            index=models.Index(fields=["space", "position"], name="content_block_order"),
        ),
    ]
