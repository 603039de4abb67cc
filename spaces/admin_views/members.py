"""Members of a space and their invitations; the roles of a space."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from guardian.shortcuts import get_groups_with_perms, get_users_with_perms

from participation.models import User, UserGroup
from spaces import services
from spaces.admin_forms import InviteForm, RoleForm
from spaces.admin_views.access import form_status, run_service, space_page
from spaces.models import SpaceInvitation, SpaceMember, SpaceRole
from spaces.permissions import can_manage_space


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@space_page
def members(request, space, space_type):
    """GET lists members and pending invitations; POST invites, removes or cancels."""
    action = request.POST.get("action")
    form = InviteForm(request.POST if action == "invite" else None)
    if request.method == "POST":
        if action == "invite" and form.is_valid():

            def call():
                services.invite_member(
                    actor=request.user,
                    space=space,
                    email=form.cleaned_data["email"],
                    position=form.cleaned_data["position"],
                )

            if run_service(request, form, call, _("The invitation is sent by e-mail.")):
                return redirect("spaces_backoffice:members", space_type.key, space.slug)
        elif action in ("remove", "cancel"):
            target = _int(request.POST.get("id"))
            if action == "remove":
                call = lambda: services.remove_member(  # noqa: E731
                    actor=request.user, space=space, member_id=target
                )
                message = _("The member is removed.")
            else:
                call = lambda: services.cancel_invitation(  # noqa: E731
                    actor=request.user, space=space, invitation_id=target
                )
                message = _("The invitation is cancelled.")
            run_service(request, None, call, message)
            return redirect("spaces_backoffice:members", space_type.key, space.slug)
        elif action != "invite":
            messages.error(request, _("Unknown action."))
    status = form_status(request, form)
    if request.method == "POST" and action not in ("invite", "remove", "cancel"):
        status = 400
    return render(
        request,
        "backoffice/spaces/members.html",
        {
            "space": space,
            "space_type": space_type,
            "form": form,
            "members": list(
                SpaceMember.objects.filter(
                    organization=request.organization,
                    space=space,
                ).select_related("user")
            ),
            "invitations": list(
                SpaceInvitation.objects.filter(
                    organization=request.organization,
                    space=space,
                    accepted_at__isnull=True,
                )
            ),
            "can_manage": can_manage_space(request.user, space),
        },
        status=status,
    )


def _role_holders(space):
    codes = [role.value for role in SpaceRole]
    labels = dict(SpaceRole.choices)
    users = get_users_with_perms(
        space, attach_perms=True, with_group_users=False, only_with_perms_in=codes
    )
    groups = get_groups_with_perms(space, attach_perms=True)
    user_groups = {
        group.auth_group_id: group
        for group in UserGroup.objects.filter(
            organization=space.organization, auth_group__in=list(groups)
        )
    }
    rows = []
    for user, perms in users.items():
        for code in perms:
            if code in labels and user.organization_id == space.organization_id:
                rows.append({"user": user, "role": code, "label": labels[code]})
    for auth_group, perms in groups.items():
        group = user_groups.get(auth_group.pk)
        for code in perms:
            if code in labels and group is not None:
                rows.append({"group": group, "role": code, "label": labels[code]})
    return rows


@space_page
def roles(request, space, space_type):
    """GET lists who holds which role; POST assigns or revokes one."""
    action = request.POST.get("action")
    form = RoleForm(request.POST if action == "assign" else None, organization=request.organization)
    if request.method == "POST":
        back = redirect("spaces_backoffice:roles", space_type.key, space.slug)
        if action == "assign" and form.is_valid():
            data = form.cleaned_data
            user = None
            if data.get("email"):
                user = (
                    User.objects.of(request.organization)
                    .filter(email__iexact=data["email"])
                    .first()
                )
                if user is None:
                    form.add_error("email", _("No account of the organisation uses this address."))
            if not form.errors and run_service(
                request,
                form,
                lambda: services.assign_space_role(
                    actor=request.user,
                    space=space,
                    role=data["role"],
                    user=user,
                    group=data.get("group"),
                ),
                _("The role is given."),
            ):
                return back
        elif action == "revoke" and request.POST.get("role") in SpaceRole.values:
            user = (
                User.objects.of(request.organization)
                .filter(pk=_int(request.POST.get("user")))
                .first()
            )
            group = UserGroup.objects.filter(
                organization=request.organization, pk=_int(request.POST.get("group"))
            ).first()
            run_service(
                request,
                None,
                lambda: services.revoke_space_role(
                    actor=request.user,
                    space=space,
                    role=request.POST["role"],
                    user=user,
                    group=None if user else group,
                ),
                _("The role is withdrawn."),
            )
            return back
        elif action != "assign":
            messages.error(request, _("Unknown action."))
    status = form_status(request, form)
    if request.method == "POST" and action != "assign":
        status = 400
    return render(
        request,
        "backoffice/spaces/roles.html",
        {
            "space": space,
            "space_type": space_type,
            "form": form,
            "holders": _role_holders(space),
            "can_manage": can_manage_space(request.user, space),
        },
        status=status,
    )
