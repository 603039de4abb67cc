"""Space services: permission, validation, one transaction, an action-log entry each."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from participation.errors import ErrorCode
from participation.models import ActionLog, Category, Scope
from spaces import services
from spaces.models import ParticipatoryProcess, ProcessStep, ProcessType, SpaceMember, SpaceRole
from spaces.types import SPACE_TYPES
from tests.factories import AssemblyFactory, ProcessFactory, make_user


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def _code(excinfo) -> ErrorCode:
    return excinfo.value.error_code


def test_org_admin_creates_a_space_with_a_log_entry(org_admin, organization):
    space = services.create_space(
        actor=org_admin,
        organization=organization,
        space_type=SPACE_TYPES["conferences"],
        data={"slug": "forum", "title": "Forum", "location": "Salle des fêtes"},
    )
    assert space.location == "Salle des fêtes" and not space.is_published
    assert ActionLog.objects.filter(action="create", target_id=str(space.pk)).exists()


@pytest.mark.parametrize("role", [SpaceRole.ADMIN, None])
def test_only_org_admins_create_spaces(organization, draft_process, role):
    person = make_user(organization)
    if role:
        services.assign_space_role(
            actor=make_user(organization, admin=True), space=draft_process, role=role, user=person
        )
    with pytest.raises(ValidationError) as excinfo:
        services.create_space(
            actor=fresh(person),
            organization=organization,
            space_type=SPACE_TYPES["processes"],
            data={"slug": "x", "title": "X"},
        )
    assert _code(excinfo) == ErrorCode.PERMISSION_DENIED


def test_slug_is_unique_per_organisation_and_type(org_admin, organization, other_organization):
    kind = SPACE_TYPES["processes"]
    services.create_space(
        actor=org_admin,
        organization=organization,
        space_type=kind,
        data={"slug": "a", "title": "A"},
    )
    with pytest.raises(ValidationError) as excinfo:
        services.create_space(
            actor=org_admin,
            organization=organization,
            space_type=kind,
            data={"slug": "a", "title": "B"},
        )
    assert _code(excinfo) == ErrorCode.NAME_TAKEN and "slug" in excinfo.value.message_dict
    # Same slug for another type, or in another organisation: fine.
    services.create_space(
        actor=org_admin,
        organization=organization,
        space_type=SPACE_TYPES["assemblies"],
        data={"slug": "a", "title": "A"},
    )
    other_admin = make_user(other_organization, admin=True)
    services.create_space(
        actor=other_admin,
        organization=other_organization,
        space_type=kind,
        data={"slug": "a", "title": "A"},
    )


def test_dates_in_order_and_nothing_written_on_error(org_admin, draft_process):
    with pytest.raises(ValidationError):
        services.update_space(
            actor=org_admin,
            space=draft_process,
            data={"title": "Changed", "start_date": date(2027, 5, 1), "end_date": date(2027, 1, 1)},
        )
    draft_process.refresh_from_db()
    assert draft_process.title == "B"


def test_space_admin_edits_and_publishes_collaborator_cannot(
    organization, org_admin, draft_process
):
    space_admin, collaborator = make_user(organization), make_user(organization)
    services.assign_space_role(
        actor=org_admin, space=draft_process, role=SpaceRole.ADMIN, user=space_admin
    )
    services.assign_space_role(
        actor=org_admin, space=draft_process, role=SpaceRole.COLLABORATOR, user=collaborator
    )
    services.update_space(actor=fresh(space_admin), space=draft_process, data={"title": "Nouveau"})
    services.publish_space(actor=fresh(space_admin), space=draft_process)
    draft_process.refresh_from_db()
    assert draft_process.title == "Nouveau" and draft_process.is_published
    for call in (
        lambda: services.update_space(actor=fresh(collaborator), space=draft_process, data={}),
        lambda: services.unpublish_space(actor=fresh(collaborator), space=draft_process),
        lambda: services.delete_space(actor=fresh(space_admin), space=draft_process),
    ):
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert _code(excinfo) == ErrorCode.PERMISSION_DENIED
    services.unpublish_space(actor=fresh(space_admin), space=draft_process)
    draft_process.refresh_from_db()
    assert not draft_process.is_published
    assert ActionLog.objects.filter(action__in=["publish", "unpublish"]).count() == 2


def test_delete_removes_roles_members_and_categories(organization, org_admin, draft_process):
    person = make_user(organization)
    services.assign_space_role(
        actor=org_admin, space=draft_process, role=SpaceRole.ADMIN, user=person
    )
    services.create_category(actor=org_admin, space=draft_process, data={"name": "Vélo"})
    pk = draft_process.pk
    services.delete_space(actor=org_admin, space=draft_process)
    assert not ParticipatoryProcess.objects.filter(pk=pk).exists()
    assert not Category.objects.exists()
    again = ProcessFactory(pk=pk, organization=organization, slug="budget", title="B")
    assert not fresh(person).has_perm(SpaceRole.ADMIN.value, again)


def test_references_must_belong_to_the_organisation(org_admin, draft_process, other_organization):
    foreign_scope = Scope.objects.create(organization=other_organization, title="Ailleurs")
    with pytest.raises(ValidationError) as excinfo:
        services.update_space(actor=org_admin, space=draft_process, data={"scope": foreign_scope})
    assert "scope" in excinfo.value.message_dict
    own_type = ProcessType.objects.create(organization=draft_process.organization, title="Budget")
    services.update_space(actor=org_admin, space=draft_process, data={"process_type": own_type})


def test_assemblies_cannot_form_cycles(org_admin, organization):
    top = AssemblyFactory(organization=organization, slug="top", title="Top")
    middle = AssemblyFactory(organization=organization, slug="m", title="M", parent=top)
    bottom = AssemblyFactory(organization=organization, slug="b", title="B", parent=middle)
    for parent in (top, bottom):
        target = top if parent is bottom else top
        with pytest.raises(ValidationError) as excinfo:
            services.update_space(actor=org_admin, space=target, data={"parent": parent})
        assert "parent" in excinfo.value.message_dict
    top.refresh_from_db()
    assert top.parent is None
    services.update_space(actor=org_admin, space=bottom, data={"parent": top})


# Steps


def _steps(draft_process):
    return list(draft_process.steps.order_by("position").values_list("title", "active"))


def test_steps_are_added_in_order_reordered_and_renumbered(org_admin, draft_process):
    a, b, c = (
        services.create_step(actor=org_admin, process=draft_process, data={"title": t})
        for t in "ABC"
    )
    assert [s[0] for s in _steps(draft_process)] == ["A", "B", "C"]
    services.move_step(actor=org_admin, step=c, direction="up")
    services.move_step(actor=org_admin, step=a, direction="up")  # already first: no change
    assert [s[0] for s in _steps(draft_process)] == ["A", "C", "B"]
    services.delete_step(actor=org_admin, step=a)
    assert list(draft_process.steps.order_by("position").values_list("position", flat=True)) == [
        0,
        1,
    ]
    assert b.pk in draft_process.steps.values_list("pk", flat=True)


def test_exactly_one_step_is_active(org_admin, draft_process):
    a = services.create_step(actor=org_admin, process=draft_process, data={"title": "A"})
    b = services.create_step(actor=org_admin, process=draft_process, data={"title": "B"})
    services.activate_step(actor=org_admin, step=a)
    services.activate_step(actor=org_admin, step=b)
    services.activate_step(actor=org_admin, step=b)
    assert _steps(draft_process) == [("A", False), ("B", True)]
    assert ProcessStep.objects.filter(process=draft_process, active=True).count() == 1
    assert ActionLog.objects.filter(action="activate").count() == 3


def test_step_dates_must_be_in_order(org_admin, draft_process):
    with pytest.raises(ValidationError) as excinfo:
        services.create_step(
            actor=org_admin,
            process=draft_process,
            data={"title": "A", "start_date": date(2027, 3, 1), "end_date": date(2027, 2, 1)},
        )
    assert "end_date" in excinfo.value.message_dict
    assert not draft_process.steps.exists()


def test_collaborators_cannot_change_steps(organization, org_admin, draft_process):
    step = services.create_step(actor=org_admin, process=draft_process, data={"title": "A"})
    collaborator = make_user(organization)
    services.assign_space_role(
        actor=org_admin, space=draft_process, role=SpaceRole.COLLABORATOR, user=collaborator
    )
    with pytest.raises(ValidationError) as excinfo:
        services.activate_step(actor=fresh(collaborator), step=step)
    assert _code(excinfo) == ErrorCode.PERMISSION_DENIED


# Categories and taxonomy


def test_categories_nest_one_level_only(org_admin, draft_process):
    main = services.create_category(actor=org_admin, space=draft_process, data={"name": "Mobilité"})
    sub = services.create_category(
        actor=org_admin, space=draft_process, data={"name": "Vélo", "parent": main}
    )
    with pytest.raises(ValidationError):
        services.create_category(
            actor=org_admin, space=draft_process, data={"name": "Pistes", "parent": sub}
        )
    with pytest.raises(ValidationError):  # a main category with children cannot move under one
        other = services.create_category(
            actor=org_admin, space=draft_process, data={"name": "Autre"}
        )
        services.update_category(
            actor=org_admin, space=draft_process, category=main, data={"parent": other}
        )
    with pytest.raises(ValidationError) as excinfo:
        services.create_category(actor=org_admin, space=draft_process, data={"name": "mobilité"})
    assert _code(excinfo) == ErrorCode.NAME_TAKEN


def test_category_parent_must_be_of_the_same_space(org_admin, organization, draft_process):
    other = ProcessFactory(organization=organization, slug="o", title="O")
    foreign = services.create_category(actor=org_admin, space=other, data={"name": "Ailleurs"})
    with pytest.raises(ValidationError):
        services.create_category(
            actor=org_admin, space=draft_process, data={"name": "Ici", "parent": foreign}
        )


def test_taxonomy_is_for_org_admins_with_unique_titles(org_admin, organization):
    created = services.create_taxonomy_item(
        actor=org_admin, organization=organization, model=Scope, data={"title": "Centre"}
    )
    with pytest.raises(ValidationError) as excinfo:
        services.create_taxonomy_item(
            actor=org_admin, organization=organization, model=Scope, data={"title": "centre"}
        )
    assert _code(excinfo) == ErrorCode.NAME_TAKEN
    with pytest.raises(ValidationError) as excinfo:
        services.update_taxonomy_item(actor=org_admin, item=created, data={"parent": created})
    assert "parent" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.create_taxonomy_item(
            actor=make_user(organization),
            organization=organization,
            model=Scope,
            data={"title": "Nord"},
        )
    assert _code(excinfo) == ErrorCode.PERMISSION_DENIED


# Members


def test_invitation_is_single_use_and_bound_to_the_address(
    org_admin,
    organization,
    other_organization,
    draft_process,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    invitee = make_user(organization, email="Lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(
            actor=org_admin,
            space=draft_process,
            email="lea@example.org",
            position="president",
        )
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/space-invitations/" in line)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    with pytest.raises(ValidationError) as excinfo:
        services.accept_invitation(
            user=make_user(organization), token=token, organization=organization
        )
    assert _code(excinfo) == ErrorCode.PERMISSION_DENIED
    with pytest.raises(ValidationError):  # another organisation's host: no such invitation
        services.accept_invitation(user=invitee, token=token, organization=other_organization)
    member = services.accept_invitation(user=invitee, token=token, organization=organization)
    assert member.position == "president" and member.accepted_at is not None
    with pytest.raises(ValidationError):
        services.accept_invitation(user=invitee, token=token, organization=organization)
    assert SpaceMember.objects.filter(space=draft_process).count() == 1


def test_expired_invitations_are_refused(
    org_admin, organization, draft_process, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    invitee = make_user(organization)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(
            actor=org_admin,
            space=draft_process,
            email=invitee.email,
            position="member",
        )
    token = mailoutbox[0].body.split("/space-invitations/")[1].split("/")[0]
    invitation.expires_at = timezone.now()
    invitation.save()
    with pytest.raises(ValidationError):
        services.accept_invitation(user=invitee, token=token, organization=organization)


def test_inviting_a_new_address_opens_an_account_with_a_password_link(
    org_admin, organization, draft_process, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(
            actor=org_admin, space=draft_process, email="nouvelle@example.org", position="member"
        )
    account = type(org_admin).objects.get(organization=organization, email="nouvelle@example.org")
    assert not account.has_usable_password() and not account.is_org_admin
    body = mailoutbox[0].body
    assert (
        "http://ville-a.test" in body and "/invitation/" in body and "/space-invitations/" in body
    )
    assert ActionLog.objects.get(action="invite_member").changes["new_account"] is True
