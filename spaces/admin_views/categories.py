"""Categories and sub-categories of a space."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from participation.taxonomy import space_categories
from spaces import services
from spaces.admin_forms import CategoryForm
from spaces.admin_views.access import form_status, run_service, space_page
from spaces.permissions import can_manage_space


def _back(space_type, space):
    return redirect("spaces_backoffice:categories", space_type.key, space.slug)


@space_page
def categories(request, space, space_type):
    form = CategoryForm(request.POST or None, space_categories=space_categories(space))
    if request.method == "POST" and form.is_valid():

        def call():
            services.create_category(actor=request.user, space=space, data=form.cleaned_data)

        if run_service(request, form, call, _("The category is added.")):
            return _back(space_type, space)
    main = list(space_categories(space).filter(parent__isnull=True).prefetch_related("children"))
    return render(
        request,
        "backoffice/spaces/categories.html",
        {
            "space": space,
            "space_type": space_type,
            "categories": main,
            "form": form,
            "can_manage": can_manage_space(request.user, space),
        },
        status=form_status(request, form),
    )


@space_page
def category_edit(request, space, space_type, pk: int):
    category = get_object_or_404(space_categories(space), pk=pk)
    form = CategoryForm(
        request.POST or None, instance=category, space_categories=space_categories(space)
    )
    if request.method == "POST" and form.is_valid():

        def call():
            services.update_category(
                actor=request.user, space=space, category=category, data=form.cleaned_data
            )

        if run_service(request, form, call, _("Your changes are saved.")):
            return _back(space_type, space)
    return render(
        request,
        "backoffice/spaces/category_form.html",
        {"space": space, "space_type": space_type, "category": category, "form": form},
        status=form_status(request, form),
    )


@space_page
def category_delete(request, space, space_type, pk: int):
    category = get_object_or_404(space_categories(space), pk=pk)
    if request.method == "POST" and run_service(
        request,
        None,
        lambda: services.delete_category(actor=request.user, space=space, category=category),
        _("The category is deleted."),
    ):
        return _back(space_type, space)
    return render(
        request,
        "backoffice/spaces/confirm_delete.html",
        {
            "space": space,
            "space_type": space_type,
            "object": category,
            "cancel_url": f"/admin/spaces/{space_type.key}/{space.slug}/categories/",
            "section": "categories",
            "extra_warning": _("Its sub-categories are deleted with it.")
            if category.parent_id is None
            else "",
        },
    )
