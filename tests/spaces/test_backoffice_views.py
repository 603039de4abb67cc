"""The spaces back-office pages, per role: admins change, read-only roles read, others stay out."""

import pytest

from participation.models import ActionLog, Category, Scope
from spaces import services
from spaces.models import (
    Assembly,
    ParticipatoryProcess,
    ProcessStep,
    SpaceInvitation,
    SpaceMember,
    SpaceRole,
)
from tests.conftest import host_client
from tests.factories import AssemblyFactory, ProcessFactory, make_user

HOST = "ville-a.test"


def _holder(organization, draft_process, role):
    person = make_user(organization)
    services.assign_space_role(
        actor=make_user(organization, admin=True), space=draft_process, role=role, user=person
    )
    return host_client(HOST, person)


def test_admin_creates_a_concertation(org_admin):
    client = host_client(HOST, org_admin)
    assert client.get("/admin/spaces/processes/new/").status_code == 200
    response = client.post(
        "/admin/spaces/processes/new/",
        {"title": "Budget 2028", "slug": "budget-2028", "visibility": "public"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/spaces/processes/budget-2028/"
    space = ParticipatoryProcess.objects.get(slug="budget-2028")
    assert not space.is_published
    assert "est créé" in client.get(response["Location"]).content.decode()


def test_invalid_post_is_a_400_with_clear_errors_and_changes_nothing(org_admin, draft_process):
    client = host_client(HOST, org_admin)
    response = client.post(
        "/admin/spaces/processes/budget/",
        {
            "title": "Nouveau",
            "slug": "budget",
            "visibility": "public",
            "start_date": "2027-05-01",
            "end_date": "2027-01-01",
        },
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    draft_process.refresh_from_db()
    assert draft_process.title == "B"


def test_duplicate_slug_is_refused_with_a_message(org_admin, organization, draft_process):
    ProcessFactory(organization=organization, slug="autre", title="Autre")
    response = host_client(HOST, org_admin).post(
        "/admin/spaces/processes/autre/",
        {"title": "Autre", "slug": "budget", "visibility": "public"},
    )
    assert response.status_code == 400
    assert "adresse" in response.content.decode()


def test_unsanitised_rich_text_is_cleaned(org_admin, draft_process):
    host_client(HOST, org_admin).post(
        "/admin/spaces/processes/budget/",
        {
            "title": "B",
            "slug": "budget",
            "visibility": "public",
            "description": '<p onclick="x()">Bonjour<script>alert(1)</script></p>',
        },
    )
    draft_process.refresh_from_db()
    assert draft_process.description == "<p>Bonjour</p>"


@pytest.mark.parametrize("role", [SpaceRole.COLLABORATOR, SpaceRole.MODERATOR, SpaceRole.EVALUATOR])
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("", {"title": "Pirate", "slug": "budget", "visibility": "public"}),
        ("publication/", {"action": "publish"}),
        ("steps/", {"action": "add", "title": "Pirate"}),
        ("categories/", {"name": "Pirate"}),
        ("members/", {"action": "invite", "email": "x@example.org", "position": "member"}),
        ("roles/", {"action": "assign", "role": "admin_space", "email": "x@example.org"}),
    ],
)
def test_read_only_roles_read_but_every_post_is_refused(
    organization, draft_process, role, path, data
):
    client = _holder(organization, draft_process, role)
    url = f"/admin/spaces/processes/budget/{path}"
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    draft_process.refresh_from_db()
    assert draft_process.title == "B" and not draft_process.is_published
    assert not ProcessStep.objects.exists() and not Category.objects.exists()
    assert not SpaceInvitation.objects.exists()


def test_read_only_roles_cannot_open_the_delete_page(organization, draft_process):
    client = _holder(organization, draft_process, SpaceRole.COLLABORATOR)
    assert client.get("/admin/spaces/processes/budget/delete/").status_code == 403
    space_admin = _holder(organization, draft_process, SpaceRole.ADMIN)
    assert space_admin.get("/admin/spaces/processes/budget/delete/").status_code == 403
    assert space_admin.post("/admin/spaces/processes/budget/delete/").status_code == 403


def test_space_admin_edits_their_space_but_not_another(organization, draft_process):
    other = ProcessFactory(organization=organization, slug="o", title="O")
    client = _holder(organization, draft_process, SpaceRole.ADMIN)
    response = client.post(
        "/admin/spaces/processes/budget/",
        {"title": "Mieux", "slug": "budget", "visibility": "public"},
    )
    assert response.status_code == 302
    assert client.get(f"/admin/spaces/processes/{other.slug}/").status_code == 403
    assert client.get("/admin/spaces/processes/new/").status_code == 403


def test_participants_are_refused(organization, draft_process):
    client = host_client(HOST, make_user(organization))
    assert client.get("/admin/spaces/processes/budget/").status_code == 403
    assert (
        client.post(
            "/admin/spaces/processes/budget/publication/", {"action": "publish"}
        ).status_code
        == 403
    )


def test_another_organisations_space_is_not_found_even_for_its_admin(org_admin, other_organization):
    ProcessFactory(organization=other_organization, slug="b", title="Chez B")
    client = host_client(HOST, org_admin)
    for suffix in ("", "steps/", "categories/", "members/", "roles/", "preview/", "delete/"):
        assert client.get(f"/admin/spaces/processes/b/{suffix}").status_code == 404
    assert client.post("/admin/spaces/processes/b/delete/").status_code == 404
    foreign_scope = Scope.objects.create(organization=other_organization, title="Ailleurs")
    assert client.get(f"/admin/spaces/settings/areas/{foreign_scope.pk}/").status_code == 404


def test_publish_delete_and_preview(org_admin, draft_process):
    client = host_client(HOST, org_admin)
    anonymous = host_client(HOST)
    assert anonymous.get("/processes/budget/").status_code == 404
    preview = client.get("/admin/spaces/processes/budget/preview/")
    assert preview.status_code == 200 and "preview-banner" in preview.content.decode()
    client.post("/admin/spaces/processes/budget/publication/", {"action": "publish"})
    assert anonymous.get("/processes/budget/").status_code == 200
    client.post("/admin/spaces/processes/budget/publication/", {"action": "unpublish"})
    assert anonymous.get("/processes/budget/").status_code == 404
    assert client.post("/admin/spaces/processes/budget/delete/").status_code == 302
    assert not ParticipatoryProcess.objects.exists()
    assert ActionLog.objects.filter(action="delete").exists()


def test_preview_is_for_role_holders_only(organization, draft_process):
    assert (
        host_client(HOST, make_user(organization))
        .get("/admin/spaces/processes/budget/preview/")
        .status_code
        == 403
    )
    client = _holder(organization, draft_process, SpaceRole.EVALUATOR)
    assert client.get("/admin/spaces/processes/budget/preview/").status_code == 200


def test_steps_page_adds_activates_and_moves(org_admin, draft_process):
    client = host_client(HOST, org_admin)
    url = "/admin/spaces/processes/budget/steps/"
    for title in ("Idées", "Vote"):
        assert client.post(url, {"action": "add", "title": title}).status_code == 302
    first, second = draft_process.steps.order_by("position")
    client.post(url, {"action": "activate", "step": second.pk})
    client.post(url, {"action": "up", "step": second.pk})
    assert list(draft_process.steps.order_by("position").values_list("title", "active")) == [
        ("Vote", True),
        ("Idées", False),
    ]
    bad = client.post(
        url, {"action": "add", "title": "X", "start_date": "2027-02-01", "end_date": "2027-01-01"}
    )
    assert bad.status_code == 400 and draft_process.steps.count() == 2
    assert client.post(url, {"action": "nonsense"}).status_code == 400


def test_step_outside_the_process_dates_is_a_warning_only(org_admin, draft_process):
    draft_process.start_date = draft_process.end_date = None
    ParticipatoryProcess.objects.filter(pk=draft_process.pk).update(start_date="2027-01-01")
    response = host_client(HOST, org_admin).post(
        "/admin/spaces/processes/budget/steps/",
        {"action": "add", "title": "Tôt", "start_date": "2026-06-01"},
        follow=True,
    )
    assert response.status_code == 200 and draft_process.steps.count() == 1
    assert "en dehors" in response.content.decode()


def test_categories_pages(org_admin, draft_process):
    client = host_client(HOST, org_admin)
    url = "/admin/spaces/processes/budget/categories/"
    assert client.post(url, {"name": "Mobilité"}).status_code == 302
    main = Category.objects.get()
    assert client.post(url, {"name": "Vélo", "parent": main.pk}).status_code == 302
    assert client.post(url, {"name": "Mobilité"}).status_code == 400
    body = client.get(url).content.decode()
    assert "Mobilité" in body and "Vélo" in body
    assert client.post(f"{url}{main.pk}/delete/").status_code == 302
    assert not Category.objects.exists()


def test_roles_page_assigns_and_revokes(org_admin, organization, draft_process):
    person = make_user(organization, email="agent@ville-a.test")
    client = host_client(HOST, org_admin)
    url = "/admin/spaces/processes/budget/roles/"
    response = client.post(
        url, {"action": "assign", "role": "moderate_space", "email": "AGENT@ville-a.test"}
    )
    assert response.status_code == 302
    assert str(person) in client.get(url).content.decode()
    unknown = client.post(url, {"action": "assign", "role": "moderate_space", "email": "no@x.org"})
    assert unknown.status_code == 400
    client.post(url, {"action": "revoke", "role": "moderate_space", "user": person.pk})
    assert not type(person).objects.get(pk=person.pk).has_perm("moderate_space", draft_process)


def test_taxonomy_pages(org_admin):
    client = host_client(HOST, org_admin)
    assert client.post("/admin/spaces/settings/areas/", {"title": "Centre"}).status_code == 302
    assert client.post("/admin/spaces/settings/areas/", {"title": "Centre"}).status_code == 400
    assert (
        client.post("/admin/spaces/settings/process-types/", {"title": "Budget"}).status_code == 302
    )
    assert client.get("/admin/spaces/settings/unknown/").status_code == 404


def test_members_invitation_flow(
    org_admin, organization, draft_process, mailoutbox, django_capture_on_commit_callbacks
):
    draft_process.visibility = "private"
    draft_process.published_at = draft_process.created_at
    draft_process.save()
    invitee = make_user(organization, email="membre@ville-a.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client(HOST, org_admin).post(
            "/admin/spaces/processes/budget/members/",
            {"action": "invite", "email": "membre@ville-a.test", "position": "member"},
        )
    assert response.status_code == 302
    path = "/space-invitations/" + mailoutbox[0].body.split("/space-invitations/")[1].split()[0]
    visitor = host_client(HOST, invitee)
    assert visitor.get("/processes/budget/").status_code == 404
    assert host_client(HOST).get(path).status_code == 302  # sign in first
    intruder = host_client(HOST, make_user(organization))
    assert intruder.post(path).status_code == 403
    assert host_client("ville-b.test", invitee).get(path).status_code in (404, 302)
    assert visitor.get(path).status_code == 200
    assert visitor.post(path).status_code == 302
    assert visitor.get("/processes/budget/").status_code == 200
    assert visitor.post(path).status_code == 404  # single use
    member = SpaceMember.objects.get()
    host_client(HOST, org_admin).post(
        "/admin/spaces/processes/budget/members/", {"action": "remove", "id": member.pk}
    )
    assert visitor.get("/processes/budget/").status_code == 404


def test_assembly_page_shows_composition_and_children(org_admin, organization, now):
    parent = AssemblyFactory(
        organization=organization, slug="conseil", title="Conseil", published_at=now
    )
    AssemblyFactory(
        organization=organization,
        slug="sous",
        title="Commission vélo",
        parent=parent,
        published_at=now,
    )
    AssemblyFactory(organization=organization, slug="cache", title="Brouillon caché", parent=parent)
    SpaceMember.objects.create(
        organization=organization,
        space=parent,
        user=make_user(organization, name="Aïcha Diallo"),
        position="president",
        invited_at=now,
        accepted_at=now,
    )
    body = host_client(HOST).get("/assemblies/conseil/").content.decode()
    assert "Aïcha Diallo" in body and "Président" in body
    assert "Commission vélo" in body and "Brouillon caché" not in body


TYPE_FIELDS = {
    "processes": {},
    "assemblies": {"purpose": "<p>Agir</p>"},
    "initiatives": {"signatures_required": "500"},
    "votations": {},
    "conferences": {"location": "Salle des fêtes"},
}


@pytest.mark.parametrize("kind", list(TYPE_FIELDS))
def test_each_space_type_is_created_from_its_form(org_admin, kind):
    client = host_client(HOST, org_admin)
    assert client.get(f"/admin/spaces/{kind}/new/").status_code == 200
    data = {"title": "Un espace", "slug": "un-espace", "visibility": "private", **TYPE_FIELDS[kind]}
    response = client.post(f"/admin/spaces/{kind}/new/", data)
    assert response.status_code == 302
    from spaces.types import SPACE_TYPES

    space = SPACE_TYPES[kind].model.objects.get(slug="un-espace")
    for name, value in TYPE_FIELDS[kind].items():
        assert str(getattr(space, name)) == value
    assert client.get(response["Location"]).status_code == 200


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_hero_image_needs_a_description_and_must_be_an_image(
    org_admin, draft_process, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = host_client(HOST, org_admin)
    base = {"title": "B", "slug": "budget", "visibility": "public"}
    no_alt = client.post(
        "/admin/spaces/processes/budget/",
        {**base, "hero_image": SimpleUploadedFile("a.png", _png(), "image/png")},
    )
    assert no_alt.status_code == 400
    fake = client.post(
        "/admin/spaces/processes/budget/",
        {
            **base,
            "hero_image_alt": "Une place",
            "hero_image": SimpleUploadedFile("a.png", b"<svg onload=alert(1)>", "image/png"),
        },
    )
    assert fake.status_code == 400
    good = client.post(
        "/admin/spaces/processes/budget/",
        {
            **base,
            "hero_image_alt": "La place du marché",
            "hero_image": SimpleUploadedFile("../../evil name.png", _png(), "image/png"),
        },
    )
    assert good.status_code == 302
    draft_process.refresh_from_db()
    assert draft_process.hero_image.name.startswith(f"images/{draft_process.organization_id}/")
    assert "evil" not in draft_process.hero_image.name


def test_assembly_parent_form_offers_no_cycle(org_admin, organization):
    top = AssemblyFactory(organization=organization, slug="top", title="Top")
    AssemblyFactory(organization=organization, slug="sub", title="Sub", parent=top)
    child = Assembly.objects.get(slug="sub")
    response = host_client(HOST, org_admin).post(
        "/admin/spaces/assemblies/top/",
        {"title": "Top", "slug": "top", "visibility": "public", "parent": child.pk},
    )
    assert response.status_code == 400
    top.refresh_from_db()
    assert top.parent is None


def test_collaborators_see_the_edit_form_disabled(organization, draft_process):
    body = (
        _holder(organization, draft_process, SpaceRole.COLLABORATOR)
        .get("/admin/spaces/processes/budget/")
        .content.decode()
    )
    assert "lecture seule" in body and "disabled" in body and "Enregistrer" not in body
