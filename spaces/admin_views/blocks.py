"""Landing-page blocks and attachments of a space, in its back-office.

Role holders may read these pages; POST needs the right to manage the space
(``space_page`` refuses it otherwise). Every change goes through a service.
"""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from participation.attachments import attachments_of
from participation.uploads import validate_document
from spaces.admin_views.access import form_status, run_service, space_page
from spaces.blocks import block_kind, block_kinds
from spaces.models import ContentBlock
from spaces.permissions import can_manage_space
from spaces.selectors import space_attachments, space_files
from spaces.services import blocks as services


def _of_space(model, space):
    return model.objects.filter(organization=space.organization, space=space)


def _back(space_type, space):
    return redirect("spaces_backoffice:blocks", space_type.key, space.slug)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    file = forms.FileField(
        label=gettext_lazy("File (document or photo)"), validators=[validate_document]
    )


@space_page
def blocks(request, space, space_type):
    items = list(_of_space(ContentBlock, space).order_by("position", "id"))
    for item in items:
        item.kind_info = block_kind(item.kind)
    return render(
        request,
        "backoffice/spaces/blocks.html",
        {
            "space": space,
            "space_type": space_type,
            "blocks": items,
            "kinds": block_kinds().values(),
            "can_manage": can_manage_space(request.user, space),
        },
    )


def _form_page(request, space, space_type, kind, block=None):
    form = kind.form(request.POST or None, request.FILES or None, space=space, block=block)
    if request.method == "POST" and form.is_valid():
        image = form.cleaned_data.get("image")
        upload = form.cleaned_data.get("file")
        upload_title = form.cleaned_data.get("file_title", "")

        def call():
            if block is None:
                services.create_block(
                    actor=request.user,
                    space=space,
                    kind=kind.key,
                    data=form.to_data(),
                    image=image,
                    upload=upload,
                    upload_title=upload_title,
                )
            else:
                services.update_block(
                    actor=request.user,
                    space=space,
                    block=block,
                    data=form.to_data(),
                    image=image,
                    upload=upload,
                    upload_title=upload_title,
                )

        message = _("The block is added.") if block is None else _("Your changes are saved.")
        if run_service(request, form, call, message):
            if block is not None and kind.has_files and upload:
                return redirect(
                    "spaces_backoffice:block-edit", space_type.key, space.slug, block.pk
                )
            return _back(space_type, space)
    files = (
        list(attachments_of(block).order_by("title", "id"))
        if block is not None and kind.has_files
        else []
    )
    return render(
        request,
        "backoffice/spaces/block_form.html",
        {
            "space": space,
            "space_type": space_type,
            "kind": kind,
            "block": block,
            "form": form,
            "files": files,
            "can_manage": can_manage_space(request.user, space),
        },
        status=form_status(request, form),
    )


@space_page
def block_add(request, space, space_type, kind: str):
    chosen = block_kind(kind)
    if chosen is None:
        raise Http404
    return _form_page(request, space, space_type, chosen)


@space_page
def block_edit(request, space, space_type, pk: int):
    block = get_object_or_404(_of_space(ContentBlock, space), pk=pk)
    kind = block_kind(block.kind)
    if kind is None:
        raise Http404
    return _form_page(request, space, space_type, kind, block)


@space_page
@require_POST
def block_move(request, space, space_type, pk: int):
    block = get_object_or_404(_of_space(ContentBlock, space), pk=pk)
    direction = request.POST.get("direction", "")
    run_service(
        request,
        None,
        lambda: services.move_block(
            actor=request.user, space=space, block=block, direction=direction
        ),
        _("The block is moved."),
    )
    return _back(space_type, space)


@space_page
@require_POST
def block_publish(request, space, space_type, pk: int):
    block = get_object_or_404(_of_space(ContentBlock, space), pk=pk)
    published = request.POST.get("published") == "1"
    run_service(
        request,
        None,
        lambda: services.set_block_published(
            actor=request.user, space=space, block=block, published=published
        ),
        _("The block is published.") if published else _("The block is unpublished."),
    )
    return _back(space_type, space)


@space_page
def block_delete(request, space, space_type, pk: int):
    block = get_object_or_404(_of_space(ContentBlock, space), pk=pk)
    if request.method == "POST" and run_service(
        request,
        None,
        lambda: services.delete_block(actor=request.user, space=space, block=block),
        _("The block is deleted."),
    ):
        return _back(space_type, space)
    return render(
        request,
        "backoffice/spaces/confirm_delete.html",
        {
            "space": space,
            "space_type": space_type,
            "object": block,
            "cancel_url": f"/admin/spaces/{space_type.key}/{space.slug}/blocks/",
        },
    )


@space_page
def attachments(request, space, space_type):
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():

        def call():
            services.add_attachment(
                actor=request.user,
                space=space,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )

        if run_service(request, form, call, _("The file is attached.")):
            return redirect("spaces_backoffice:attachments", space_type.key, space.slug)
    return render(
        request,
        "backoffice/spaces/attachments.html",
        {
            "space": space,
            "space_type": space_type,
            "files": space_attachments(space),
            "form": form,
            "can_manage": can_manage_space(request.user, space),
        },
        status=form_status(request, form),
    )


@space_page
def file_delete(request, space, space_type, pk: int):
    """Delete an attachment, or a document of a documents block."""
    file = get_object_or_404(space_files(space).select_related("content_type"), pk=pk)
    if file.content_type.model_class() is ContentBlock:
        back = f"/admin/spaces/{space_type.key}/{space.slug}/blocks/{file.object_id}/"
    else:
        back = f"/admin/spaces/{space_type.key}/{space.slug}/attachments/"
    if request.method == "POST" and run_service(
        request,
        None,
        lambda: services.delete_space_file(actor=request.user, space=space, file=file),
        _("The file is deleted."),
    ):
        return redirect(back)
    return render(
        request,
        "backoffice/spaces/confirm_delete.html",
        {"space": space, "space_type": space_type, "object": file, "cancel_url": back},
    )
