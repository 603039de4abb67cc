"""Moving the three attachment tables (proposals, budget projects, space files) into the core's
one ``Attachment`` table carries every row over, stored file names unchanged (issue 13).

The schema before (proposals 0005, budgets 0003, spaces 0008, participation 0007) is built
and filled; the migrations run; every file must be attached to the same object, filed
under its space, with its name, label, description and date; then the way back.
"""

import datetime

import pytest
from django.utils import timezone

from tests.participation.migration_state import component_columns

BEFORE = [
    ("participation", "0007_categories_and_areas_tables"),
    ("proposals", "0005_category_and_area_from_the_core"),
    ("budgets", "0003_category_and_area_from_the_core"),
    ("spaces", "0008_categories_and_areas_move_into_the_core"),
]
AFTER = [
    ("proposals", "0006_attachments_in_the_core"),
    ("budgets", "0004_project_attachments_in_the_core"),
    ("spaces", "0009_space_files_in_the_core"),
]
CREATED = timezone.make_aware(datetime.datetime(2024, 3, 1, 9, 30))


def _fill(apps) -> dict:
    Organization = apps.get_model("participation", "Organization")
    User = apps.get_model("participation", "User")
    Process = apps.get_model("spaces", "ParticipatoryProcess")
    Component = apps.get_model("components", "Component")
    organization = Organization.objects.create(name="Ville", host="ville.test")
    alice = User.objects.create(organization=organization, username="alice", email="a@x.fr")
    process = Process.objects.create(
        organization=organization, space_type="processes", slug="quartier", title="Quartier"
    )
    other = Process.objects.create(
        organization=organization, space_type="processes", slug="autre", title="Autre"
    )
    ideas = Component.objects.create(
        organization=organization,
        space=other,
        manifest_name="proposals",
        name="Idées",
        **component_columns(apps, other),
    )
    money = Component.objects.create(
        organization=organization,
        space=process,
        manifest_name="budgets",
        name="Budget",
        **component_columns(apps, process),
    )
    Proposal = apps.get_model("proposals", "Proposal")
    proposal = Proposal.objects.create(
        organization=organization, component=ideas, author=alice, title="Des bancs", body="<p>x</p>"
    )
    Budget = apps.get_model("budgets", "Budget")
    budget = Budget.objects.create(organization=organization, component=money, title="B", total=100)
    Project = apps.get_model("budgets", "Project")
    project = Project.objects.create(organization=organization, budget=budget, title="P", cost=10)
    ContentBlock = apps.get_model("spaces", "ContentBlock")
    block = ContentBlock.objects.create(organization=organization, space=process, kind="documents")

    rows = {}
    ProposalAttachment = apps.get_model("proposals", "ProposalAttachment")
    for name, kind in (("photo.png", "image"), ("plan.pdf", "document")):
        rows[name] = ProposalAttachment.objects.create(
            organization=organization,
            proposal=proposal,
            kind=kind,
            file=f"{kind}s/{organization.pk}/proposals.proposalattachment/{name}",
            original_name=f"<b>{name}</b>",
            description=f"Le {name}",
        )
    ProjectAttachment = apps.get_model("budgets", "ProjectAttachment")
    rows["kiosque.pdf"] = ProjectAttachment.objects.create(
        organization=organization,
        project=project,
        kind="document",
        file=f"documents/{organization.pk}/budgets.projectattachment/kiosque.pdf",
        original_name="kiosque.pdf",
        description="Devis",
    )
    SpaceFile = apps.get_model("spaces", "SpaceFile")
    rows["cr.pdf"] = SpaceFile.objects.create(
        organization=organization,
        space=process,
        block=block,
        title="Compte rendu",
        file=f"documents/{organization.pk}/spaces.spacefile/cr.pdf",
        original_name="cr.pdf",
        size=1234,
    )
    rows["vue.png"] = SpaceFile.objects.create(
        organization=organization,
        space=process,
        title="Vue du quartier",
        file=f"documents/{organization.pk}/spaces.spacefile/vue.png",
        original_name="vue.png",
        size=99,
        is_image=True,
    )
    for row in rows.values():
        type(row).objects.filter(pk=row.pk).update(created_at=CREATED)
    return {
        "organization": organization.pk,
        "process": process.pk,
        "other": other.pk,
        "proposal": proposal.pk,
        "project": project.pk,
        "block": block.pk,
        "files": {name: row.file.name for name, row in rows.items()},
    }


@pytest.mark.django_db(transaction=True)
def test_every_attachment_moves_to_the_core_with_its_stored_name(migrator):
    migrator.apply_initial_migration(BEFORE)
    # The "broad" initial plan may run past the targets (other apps' later migrations come
    # first in the plan): migrating to them again unapplies what followed.
    before = _fill(migrator.apply_tested_migration(BEFORE).apps)
    new = migrator.apply_tested_migration(AFTER).apps

    Attachment = new.get_model("participation", "Attachment")
    ContentType = new.get_model("contenttypes", "ContentType")

    def attached_to(row):
        content_type = ContentType.objects.get(pk=row.content_type_id)
        return f"{content_type.app_label}.{content_type.model}", row.object_id

    rows = {row.file.name: row for row in Attachment.objects.all()}
    files = before["files"]
    assert set(rows) == set(files.values())  # same stored names: no file moved
    assert all(row.organization_id == before["organization"] for row in rows.values())
    assert all(row.created_at == CREATED for row in rows.values())

    photo, plan = rows[files["photo.png"]], rows[files["plan.pdf"]]
    for row in (photo, plan):
        assert attached_to(row) == ("proposals.proposal", before["proposal"])
        assert row.space_id == before["other"]  # the proposal's component's space
    assert (photo.kind, photo.original_name, photo.description) == (
        "image",
        "<b>photo.png</b>",
        "Le photo.png",
    )
    assert (photo.position, plan.position) == (0, 1)
    assert plan.kind == "document"

    kiosque = rows[files["kiosque.pdf"]]
    assert attached_to(kiosque) == ("budgets.project", before["project"])
    assert kiosque.space_id == before["process"] and kiosque.description == "Devis"

    report = rows[files["cr.pdf"]]
    assert attached_to(report) == ("spaces.contentblock", before["block"])
    assert (report.title, report.size, report.kind) == ("Compte rendu", 1234, "document")
    view = rows[files["vue.png"]]
    assert attached_to(view) == ("participation.space", before["process"])
    assert (view.title, view.kind, view.space_id) == ("Vue du quartier", "image", before["process"])

    for app, model in (
        ("proposals", "ProposalAttachment"),
        ("budgets", "ProjectAttachment"),
        ("spaces", "SpaceFile"),
    ):
        with pytest.raises(LookupError):
            new.get_model(app, model)

    # And back: the old tables hold the same files again, the core's none.
    old = migrator.apply_tested_migration(BEFORE).apps
    with pytest.raises(LookupError):
        old.get_model("participation", "Attachment")
    ProposalAttachment = old.get_model("proposals", "ProposalAttachment")
    assert sorted(ProposalAttachment.objects.values_list("file", "proposal_id", "kind")) == sorted(
        [
            (files["photo.png"], before["proposal"], "image"),
            (files["plan.pdf"], before["proposal"], "document"),
        ]
    )
    ProjectAttachment = old.get_model("budgets", "ProjectAttachment")
    assert list(ProjectAttachment.objects.values_list("file", "project_id")) == [
        (files["kiosque.pdf"], before["project"])
    ]
    SpaceFile = old.get_model("spaces", "SpaceFile")
    assert sorted(SpaceFile.objects.values_list("file", "block_id", "is_image", "title")) == sorted(
        [
            (files["cr.pdf"], before["block"], False, "Compte rendu"),
            (files["vue.png"], None, True, "Vue du quartier"),
        ]
    )
