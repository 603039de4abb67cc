"""Creating, editing, publishing, previewing and deleting a space."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from participation.backoffice.access import backoffice_required
from participation.backoffice.registry import is_org_admin
from spaces import services
from spaces.admin_forms import space_form_class
from spaces.admin_views.access import form_status, get_space, run_service, space_page
from spaces.permissions import can_manage_space
from spaces.selectors import published_blocks, space_attachments, space_page_extras
from spaces.types import SPACE_TYPES


def _edit_url(space_type, space) -> str:
    return redirect("spaces_backoffice:edit", space_type.key, space.slug)


@backoffice_required(is_org_admin)
def create(request, space_type: str):
    kind = SPACE_TYPES[space_type]
    model = kind.model(organization=request.organization)
    form = space_form_class(kind)(
        request.POST or None,
        request.FILES or None,
        instance=model,
        organization=request.organization,
    )
    created = {}
    if request.method == "POST" and form.is_valid():

        def call():
            created["space"] = services.create_space(
                actor=request.user,
                organization=request.organization,
                space_type=kind,
                data=form.cleaned_data,
            )

        success = _("The space is created. It stays unpublished until you publish it.")
        if run_service(request, form, call, success):
            return _edit_url(kind, created["space"])
    return render(
        request,
        "backoffice/spaces/space_form.html",
        {"form": form, "space_type": kind, "space": None},
        status=form_status(request, form),
    )


@space_page
def edit(request, space, space_type):
    form = space_form_class(space_type)(
        request.POST or None,
        request.FILES or None,
        instance=space,
        organization=request.organization,
    )
    if request.method == "POST" and form.is_valid():
        saved = {}

        def call():
            saved["space"] = services.update_space(
                actor=request.user, space=space, data=form.cleaned_data
            )

        if run_service(request, form, call, _("Your changes are saved.")):
            return _edit_url(space_type, saved["space"])
    if request.method == "POST":
        # The form may have changed the in-memory instance; show the stored one around it.
        _kind, space = get_space(request, space_type.key, space.slug)
    can_manage = can_manage_space(request.user, space)
    if not can_manage:
        # Read-only roles see the values, greyed out (POST is refused before reaching here).
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "backoffice/spaces/space_form.html",
        {
            "form": form,
            "space_type": space_type,
            "space": space,
            "can_manage": can_manage,
        },
        status=form_status(request, form),
    )


@space_page
def publication(request, space, space_type):
    """GET explains and asks; POST publishes or unpublishes."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "publish":
            call = lambda: services.publish_space(actor=request.user, space=space)  # noqa: E731
            message = _("The space is published: visitors can now see it.")
        elif action == "unpublish":
            call = lambda: services.unpublish_space(actor=request.user, space=space)  # noqa: E731
            message = _("The space is unpublished: only people with a role on it can see it.")
        else:
            messages.error(request, _("Unknown action."))
            return render(
                request,
                "backoffice/spaces/space_publication.html",
                {"space": space, "space_type": space_type},
                status=400,
            )
        run_service(request, None, call, message)
        return _edit_url(space_type, space)
    return render(
        request,
        "backoffice/spaces/space_publication.html",
        {
            "space": space,
            "space_type": space_type,
            "can_manage": can_manage_space(request.user, space),
        },
    )


@space_page(org_admin_only=True)
def delete(request, space, space_type):
    if request.method == "POST" and run_service(
        request,
        None,
        lambda: services.delete_space(actor=request.user, space=space),
        _("The space “%(title)s” is deleted.") % {"title": space.title},
    ):
        return redirect("spaces_backoffice:index")
    return render(
        request, "backoffice/spaces/space_delete.html", {"space": space, "space_type": space_type}
    )


@space_page
@require_GET
def preview(request, space, space_type):
    """The public page as visitors will see it, even unpublished or private."""
    return render(
        request,
        "spaces/space_detail.html",
        {
            "space_type": space_type,
            "space": space,
            "preview": True,
            "blocks": published_blocks(space, user=request.user),
            "attachments": space_attachments(space),
            **space_page_extras(space, user=request.user),
        },
    )
