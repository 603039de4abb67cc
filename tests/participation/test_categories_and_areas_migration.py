"""Moving categories and areas (``Category``, ``Scope``) from spaces into the core keeps
every row, every id and everything pointing at them.

The schema before the move (spaces 0007, proposals 0004, budgets 0002) is filled with
categories and sub-categories of a space, nested areas, and what points at them: a
space's area, a proposal's category and area, a budget's area, a project's category and
area, a follow of a category and the activity log; then the move runs.
"""

import pytest
from django.db import connection

from tests.participation.migration_state import component_columns

BEFORE = [
    ("spaces", "0007_space_types_inherit_space"),
    ("proposals", "0004_random_order_and_text_search_indexes"),
    ("budgets", "0002_project_attachments_and_results"),
    ("participation", "0005_usergroup_pages"),
]
AFTER = [
    ("participation", "0007_categories_and_areas_tables"),
    ("proposals", "0005_category_and_area_from_the_core"),
    ("budgets", "0003_category_and_area_from_the_core"),
]


def _fill(apps) -> dict:
    """The old schema's rows. The initial plan may already hold the components' state-only
    steps, so what the components point at is given by id."""
    Organization = apps.get_model("participation", "Organization")
    User = apps.get_model("participation", "User")
    ContentType = apps.get_model("contenttypes", "ContentType")
    organization = Organization.objects.create(name="Ville", host="ville.test")
    alice = User.objects.create(organization=organization, username="alice", email="a@x.fr")

    Scope = apps.get_model("spaces", "Scope")
    Category = apps.get_model("spaces", "Category")
    # A deleted first row: ids do not start at 1, as in a database that lived.
    Scope.objects.create(organization=organization, title="Ancien").delete()
    north = Scope.objects.create(organization=organization, title="Nord")
    north_east = Scope.objects.create(organization=organization, title="Nord-Est", parent=north)
    process = apps.get_model("spaces", "ParticipatoryProcess").objects.create(
        organization=organization,
        space_type="processes",
        slug="budget",
        title="Budget participatif",
        scope=north,
    )
    Category.objects.create(organization=organization, space_id=process.pk, name="Ancien").delete()
    mobility = Category.objects.create(
        organization=organization, space_id=process.pk, name="Mobilité"
    )
    bikes = Category.objects.create(
        organization=organization, space_id=process.pk, name="Vélo", parent=mobility
    )

    def component(manifest):
        return apps.get_model("components", "Component").objects.create(
            organization=organization,
            space_id=process.pk,
            manifest_name=manifest,
            name=manifest,
            **component_columns(apps, process),
        )

    proposal = apps.get_model("proposals", "Proposal").objects.create(
        organization=organization,
        component=component("proposals"),
        title="Une piste cyclable",
        body="<p>Rue Haute</p>",
        category_id=bikes.pk,
        scope_id=north_east.pk,
    )
    budget = apps.get_model("budgets", "Budget").objects.create(
        organization=organization,
        component=component("budgets"),
        title="2027",
        total=100000,
        scope_id=north.pk,
    )
    project = apps.get_model("budgets", "Project").objects.create(
        organization=organization,
        budget=budget,
        title="Arceaux",
        cost=5000,
        category_id=mobility.pk,
        scope_id=north_east.pk,
    )
    category_type = ContentType.objects.get_or_create(app_label="spaces", model="category")[0]
    follow = apps.get_model("notifications", "Follow").objects.create(
        organization=organization, user=alice, content_type=category_type, object_id=bikes.pk
    )
    log = apps.get_model("participation", "ActionLog").objects.create(
        organization=organization,
        action="create",
        target_type="spaces.scope",
        target_id=str(north_east.pk),
    )
    return {
        "organization": organization.pk,
        "process": process.pk,
        "proposal": proposal.pk,
        "budget": budget.pk,
        "project": project.pk,
        "follow": follow.pk,
        "category_type": category_type.pk,
        "log": log.pk,
        "scopes": (north.pk, north_east.pk),
        "categories": (mobility.pk, bikes.pk),
    }


def _foreign_key_target(table: str, column: str):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return next(
        c["foreign_key"]
        for c in constraints.values()
        if c["foreign_key"] and c["columns"] == [column]
    )


@pytest.mark.django_db(transaction=True)
def test_categories_areas_and_what_points_at_them_are_kept(migrator):
    old = migrator.apply_initial_migration(BEFORE).apps
    before = _fill(old)
    new = migrator.apply_tested_migration(AFTER).apps

    Category = new.get_model("participation", "Category")
    Scope = new.get_model("participation", "Scope")
    assert Category._meta.db_table == "participation_category"
    assert Scope._meta.db_table == "participation_scope"
    tables = connection.introspection.table_names()
    assert "participation_category" in tables and "spaces_category" not in tables
    assert "participation_scope" in tables and "spaces_scope" not in tables

    # Every row, with its id, its space, its organisation and its parent.
    mobility, bikes = before["categories"]
    north, north_east = before["scopes"]
    assert mobility > 1 and north > 1
    assert {(c.pk, c.name, c.parent_id) for c in Category.objects.all()} == {
        (mobility, "Mobilité", None),
        (bikes, "Vélo", mobility),
    }
    assert set(Category.objects.values_list("space_id", "organization_id")) == {
        (before["process"], before["organization"])
    }
    assert {(s.pk, s.title, s.parent_id) for s in Scope.objects.all()} == {
        (north, "Nord", None),
        (north_east, "Nord-Est", north),
    }
    assert Scope.objects.get(pk=north_east).parent.title == "Nord"
    assert [c.name for c in Category.objects.get(pk=mobility).children.all()] == ["Vélo"]

    # What pointed at them still does, through the core's models.
    process = new.get_model("spaces", "ParticipatoryProcess").objects.get(pk=before["process"])
    assert process.scope.title == "Nord"
    proposal = new.get_model("proposals", "Proposal").objects.get(pk=before["proposal"])
    assert (proposal.category.name, proposal.scope.title) == ("Vélo", "Nord-Est")
    budget = new.get_model("budgets", "Budget").objects.get(pk=before["budget"])
    assert budget.scope_id == north
    project = new.get_model("budgets", "Project").objects.get(pk=before["project"])
    assert (project.category.name, project.scope.title) == ("Mobilité", "Nord-Est")

    # In the database too: the foreign keys point at the renamed tables.
    assert _foreign_key_target("proposals_proposal", "category_id") == (
        "participation_category",
        "id",
    )
    assert _foreign_key_target("budgets_project", "scope_id") == ("participation_scope", "id")
    assert _foreign_key_target("spaces_participatoryprocess", "scope_id") == (
        "participation_scope",
        "id",
    )
    assert _foreign_key_target("participation_category", "parent_id") == (
        "participation_category",
        "id",
    )

    # The names that designate the models: content type (kept, renamed) and activity log.
    follow = (
        new.get_model("notifications", "Follow")
        .objects.select_related("content_type")
        .get(pk=before["follow"])
    )
    assert follow.content_type_id == before["category_type"]
    assert (follow.content_type.app_label, follow.content_type.model) == (
        "participation",
        "category",
    )
    assert follow.object_id == bikes
    log = new.get_model("participation", "ActionLog").objects.get(pk=before["log"])
    assert (log.target_type, log.target_id) == ("participation.scope", str(north_east))

    # New rows continue after the old ids (the sequences followed the tables).
    created = Scope.objects.create(organization_id=before["organization"], title="Sud")
    assert created.pk > north_east
    assert (
        Category.objects.create(
            organization_id=before["organization"], space_id=before["process"], name="Voirie"
        ).pk
        > bikes
    )


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone(migrator):
    migrator.apply_initial_migration(AFTER)
    old = migrator.apply_tested_migration(BEFORE).apps
    Scope = old.get_model("spaces", "Scope")
    organization = old.get_model("participation", "Organization").objects.create(
        name="Ville", host="ville.test"
    )
    assert Scope.objects.create(organization=organization, title="Nord").title == "Nord"
    assert "spaces_scope" in connection.introspection.table_names()
