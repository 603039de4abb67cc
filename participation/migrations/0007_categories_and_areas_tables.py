"""Categories and areas, last step of their move into the core: their tables take the
core's names (``participation_category``, ``participation_scope``; renamed, rows and ids
kept), the areas' unique constraint its model's name, and what designates these models
by name follows them: their content types (so follows, notifications and permissions
keep pointing at them) and the activity log's target types.
"""

from django.db import migrations, models

MODELS = ["category", "scope"]


def _rename(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    ActionLog = apps.get_model("participation", "ActionLog")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is not None:
            # A content type of the new name can only have been created, empty, by a
            # ``migrate`` that stopped between the two steps of the move.
            ContentType.objects.filter(app_label=target, model=model).delete()
            old.app_label = target
            old.save(update_fields=["app_label"])
        ActionLog.objects.filter(target_type=f"{source}.{model}").update(
            target_type=f"{target}.{model}"
        )


def forwards(apps, schema_editor) -> None:
    _rename(apps, "spaces", "participation")


def backwards(apps, schema_editor) -> None:
    _rename(apps, "participation", "spaces")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participation", "0006_categories_and_areas_move_into_the_core"),
        ("spaces", "0008_categories_and_areas_move_into_the_core"),
    ]

    operations = [
        migrations.AlterModelTable(name="category", table=None),
        migrations.AlterModelTable(name="scope", table=None),
        migrations.RemoveConstraint(model_name="scope", name="spaces_scope_unique_title"),
        migrations.AddConstraint(
            model_name="scope",
            constraint=models.UniqueConstraint(fields=("organization", "title"), name="scope_unique_title"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
