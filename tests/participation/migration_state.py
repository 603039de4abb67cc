"""Helpers for the tests that fill an old schema (django-test-migrations).

The migrator applies the whole project plan up to the latest "before" target, so apps the
test does not name may stand at any of their migrations: what is written for them must
fit whichever state they are in.
"""


def component_columns(apps, space) -> dict:
    """The extra columns a component row needs where the components app still stands
    before ``0003_remove_legacy_space_columns`` (the space was then type + id)."""
    fields = {field.name for field in apps.get_model("components", "Component")._meta.fields}
    if "legacy_space_id" not in fields:
        return {}
    return {"legacy_space_id": space.pk, "legacy_space_type": space.space_type}
