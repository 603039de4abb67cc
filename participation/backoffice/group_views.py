"""Back-office "Groups": the organisation's administrators create groups, fill them and give
them space roles (participation.services.groups does the writing)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.backoffice.access import backoffice_required
from participation.backoffice.group_forms import AddMemberForm, GroupForm, GroupRoleForm
from participation.backoffice.registry import is_org_admin
from participation.errors import ErrorCode, ServiceError
from participation.forms import apply_service_errors
from participation.models import Space, SpaceRole, User, UserGroup
from participation.selectors.groups import group_members, group_space_roles, organization_groups
from participation.services import groups as services


def _group(request, pk: int) -> UserGroup:
    return get_object_or_404(UserGroup, organization=request.organization, pk=pk)


def _run(request, form, call) -> bool:
    """Run a service call; a refusal lands on ``form`` (or in messages when there is none)."""
    try:
        call()
    except ServiceError as error:
        if error.error_code == ErrorCode.PERMISSION_DENIED:
            raise PermissionDenied from error
        if form is None:
            for message in error.messages:
                messages.error(request, message)
        else:
            apply_service_errors(form, error)
        return False
    return True


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@backoffice_required(is_org_admin)
@require_http_methods(["GET"])
def group_list(request):
    return render(
        request,
        "backoffice/groups/list.html",
        {"groups": list(organization_groups(request.organization))},
    )


@backoffice_required(is_org_admin)
@require_http_methods(["GET", "POST"])
def group_create(request):
    form = GroupForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = []
        if _run(
            request,
            form,
            lambda: created.append(
                services.create_user_group(
                    actor=request.user,
                    organization=request.organization,
                    name=data["name"],
                    description=data["description"],
                    is_public=data["is_public"],
                )
            ),
        ):
            messages.success(request, _("The group is created. Add its members."))
            return redirect("organization_backoffice:group_members", created[0].pk)
    return render(
        request,
        "backoffice/groups/form.html",
        {"form": form, "group": None},
        status=400 if request.method == "POST" else 200,
    )


@backoffice_required(is_org_admin)
@require_http_methods(["GET", "POST"])
def group_edit(request, pk: int):
    group = _group(request, pk)
    # The form edits a copy: a refused change never shows as saved.
    form = GroupForm(data=request.POST or None, instance=UserGroup.objects.get(pk=group.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            form,
            lambda: services.update_user_group(
                actor=request.user,
                group=group,
                name=data["name"],
                description=data["description"],
                is_public=data["is_public"],
            ),
        ):
            messages.success(request, _("The group is saved."))
            return redirect("organization_backoffice:group_members", group.pk)
    return render(
        request,
        "backoffice/groups/form.html",
        {"form": form, "group": group},
        status=400 if request.method == "POST" else 200,
    )


@backoffice_required(is_org_admin)
@require_http_methods(["GET", "POST"])
def group_delete(request, pk: int):
    group = _group(request, pk)
    if request.method == "POST":
        if _run(request, None, lambda: services.delete_user_group(actor=request.user, group=group)):
            messages.success(request, _("The group is deleted."))
        return redirect("organization_backoffice:groups")
    return render(
        request,
        "backoffice/groups/delete.html",
        {"group": group, "member_count": group.memberships.count()},
    )


@backoffice_required(is_org_admin)
@require_http_methods(["GET", "POST"])
def group_members_page(request, pk: int):
    """GET lists the members; POST adds one (action=add) or removes one (action=remove)."""
    group = _group(request, pk)
    action = request.POST.get("action")
    form = AddMemberForm(data=request.POST if action == "add" else None)
    status = 200
    if request.method == "POST":
        back = redirect("organization_backoffice:group_members", group.pk)
        if action == "add" and form.is_valid():
            identifier = form.cleaned_data["identifier"]
            if _run(
                request,
                form,
                lambda: services.add_group_member(
                    actor=request.user, group=group, identifier=identifier
                ),
            ):
                messages.success(request, _("The person is added to the group."))
                return back
        elif action == "remove":
            user = (
                User.objects.of(request.organization)
                .filter(pk=_int(request.POST.get("user")))
                .first()
            )
            if user is None:
                messages.error(request, _("This person is not a member of the group."))
            elif _run(
                request,
                None,
                lambda: services.remove_group_member(actor=request.user, group=group, user=user),
            ):
                messages.success(request, _("The person is removed from the group."))
            return back
        elif action != "add":
            messages.error(request, _("Unknown action."))
        status = 400
    return render(
        request,
        "backoffice/groups/members.html",
        {"group": group, "form": form, "memberships": list(group_members(group))},
        status=status,
    )


@backoffice_required(is_org_admin)
@require_http_methods(["GET", "POST"])
def group_roles(request, pk: int):
    """GET lists the space roles the group holds; POST gives one (action=grant) or
    withdraws one (action=revoke)."""
    group = _group(request, pk)
    organization = request.organization
    action = request.POST.get("action")
    form = GroupRoleForm(
        data=request.POST if action == "grant" else None, organization=organization
    )
    status = 200
    if request.method == "POST":
        back = redirect("organization_backoffice:group_roles", group.pk)
        if action == "grant" and form.is_valid():
            data = form.cleaned_data
            if _run(
                request,
                form,
                lambda: services.grant_group_space_role(
                    actor=request.user, group=group, space=data["space"], role=data["role"]
                ),
            ):
                messages.success(request, _("The role is given to the group."))
                return back
        elif action == "revoke":
            space = (
                Space.objects.of(organization).filter(pk=_int(request.POST.get("space"))).first()
            )
            role = request.POST.get("role")
            if space is None or role not in SpaceRole.values:
                messages.error(request, _("The group does not hold this role on this space."))
            elif _run(
                request,
                None,
                lambda: services.revoke_group_space_role(
                    actor=request.user, group=group, space=space, role=role
                ),
            ):
                messages.success(request, _("The role is withdrawn from the group."))
            return back
        elif action != "grant":
            messages.error(request, _("Unknown action."))
        status = 400
    labels = dict(SpaceRole.choices)
    roles = [
        {
            "space": row.content_object,
            "role": row.permission.codename,
            "label": labels.get(row.permission.codename, row.permission.codename),
        }
        for row in group_space_roles(group)
        if row.permission.codename in labels
    ]
    return render(
        request,
        "backoffice/groups/roles.html",
        {"group": group, "form": form, "roles": roles},
        status=status,
    )
