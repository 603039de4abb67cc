"""Admin pages, mounted under .../components/<id>/manage/ (the framework checked the admin)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pages import services
from pages.forms import PageForm
from participation.errors import ServiceError


def _context(request, **extra):
    return {
        "space": request.space,
        "space_type": request.space_type,
        "component": request.component,
        **extra,
    }


@require_GET
def index(request):
    pages = list(request.component.pages.all())
    return render(request, "pages/admin/index.html", _context(request, pages=pages))


def _save(request, page=None):
    component = request.component
    form = PageForm(request.POST or None, request.FILES or None, instance=page)
    if request.method == "POST" and form.is_valid():
        try:
            if page is None:
                services.create_page(
                    actor=request.user, component=component, data=form.page_data(), video=form.video
                )
            else:
                services.update_page(
                    actor=request.user, page=page, data=form.page_data(), video=form.video
                )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Page saved."))
            return redirect(component.admin_url("index"))
    return render(request, "pages/admin/form.html", _context(request, form=form, page=page))


@require_http_methods(["GET", "POST"])
def create(request):
    return _save(request)


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    return _save(request, get_object_or_404(request.component.pages, pk=pk))


@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    page = get_object_or_404(request.component.pages, pk=pk)
    if request.method == "POST":
        services.delete_page(actor=request.user, page=page)
        messages.success(request, _("Page deleted."))
        return redirect(request.component.admin_url("index"))
    return render(request, "pages/admin/delete.html", _context(request, page=page))
