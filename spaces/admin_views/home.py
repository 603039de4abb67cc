"""The organisation's home page, built from blocks chosen by its administrators."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation.backoffice.access import backoffice_required
from participation.backoffice.registry import is_org_admin
from spaces.admin_views.access import form_status, run_service
from spaces.blocks import HOME_BLOCK_KINDS, home_block_kind
from spaces.models import HomeBlock
from spaces.services import blocks as services


def _back():
    return redirect("home_backoffice:index")


@backoffice_required(is_org_admin)
def index(request):
    items = list(HomeBlock.objects.filter(organization=request.organization))
    for item in items:
        item.kind_info = home_block_kind(item.kind)
    return render(
        request,
        "backoffice/home/index.html",
        {"blocks": items, "kinds": HOME_BLOCK_KINDS.values()},
    )


def _form_page(request, kind, block=None):
    form = kind.form(request.POST or None, request.FILES or None, block=block)
    if request.method == "POST" and form.is_valid():
        image = form.cleaned_data.get("image")

        def call():
            if block is None:
                services.create_home_block(
                    actor=request.user,
                    organization=request.organization,
                    kind=kind.key,
                    data=form.to_data(),
                    image=image,
                )
            else:
                services.update_home_block(
                    actor=request.user,
                    organization=request.organization,
                    block=block,
                    data=form.to_data(),
                    image=image,
                )

        message = _("The block is added.") if block is None else _("Your changes are saved.")
        if run_service(request, form, call, message):
            return _back()
    return render(
        request,
        "backoffice/home/form.html",
        {"kind": kind, "block": block, "form": form},
        status=form_status(request, form),
    )


@backoffice_required(is_org_admin)
def add(request, kind: str):
    chosen = home_block_kind(kind)
    if chosen is None:
        raise Http404
    return _form_page(request, chosen)


def _block(request, pk):
    return get_object_or_404(HomeBlock.objects.filter(organization=request.organization), pk=pk)


@backoffice_required(is_org_admin)
def edit(request, pk: int):
    block = _block(request, pk)
    kind = home_block_kind(block.kind)
    if kind is None:
        raise Http404
    return _form_page(request, kind, block)


@backoffice_required(is_org_admin)
@require_POST
def move(request, pk: int):
    block = _block(request, pk)
    direction = request.POST.get("direction", "")
    run_service(
        request,
        None,
        lambda: services.move_home_block(
            actor=request.user, organization=request.organization, block=block, direction=direction
        ),
        _("The block is moved."),
    )
    return _back()


@backoffice_required(is_org_admin)
@require_POST
def enable(request, pk: int):
    block = _block(request, pk)
    enabled = request.POST.get("enabled") == "1"
    run_service(
        request,
        None,
        lambda: services.set_home_block_enabled(
            actor=request.user, organization=request.organization, block=block, enabled=enabled
        ),
        _("The block is shown.") if enabled else _("The block is hidden."),
    )
    return _back()


@backoffice_required(is_org_admin)
def delete(request, pk: int):
    block = _block(request, pk)
    if request.method == "POST" and run_service(
        request,
        None,
        lambda: services.delete_home_block(
            actor=request.user, organization=request.organization, block=block
        ),
        _("The block is deleted."),
    ):
        return _back()
    return render(request, "backoffice/home/delete.html", {"object": block})
