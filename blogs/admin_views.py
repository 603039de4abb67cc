"""Admin pages, mounted under .../components/<id>/manage/ (the framework checked the admin)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from blogs import services
from blogs.forms import PostForm
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
    posts = list(request.component.posts.select_related("author"))
    return render(request, "blogs/admin/index.html", _context(request, posts=posts))


def _save(request, post=None):
    component = request.component
    form = PostForm(request.POST or None, request.FILES or None, instance=post)
    if request.method == "POST" and form.is_valid():
        try:
            if post is None:
                services.create_post(
                    actor=request.user, component=component, data=form.cleaned_data
                )
            else:
                services.update_post(actor=request.user, post=post, data=form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Post saved."))
            return redirect(component.admin_url("index"))
    return render(request, "blogs/admin/form.html", _context(request, form=form, post=post))


@require_http_methods(["GET", "POST"])
def create(request):
    return _save(request)


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    return _save(request, get_object_or_404(request.component.posts, pk=pk))


@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    post = get_object_or_404(request.component.posts, pk=pk)
    if request.method == "POST":
        services.delete_post(actor=request.user, post=post)
        messages.success(request, _("Post deleted."))
        return redirect(request.component.admin_url("index"))
    return render(request, "blogs/admin/delete.html", _context(request, post=post))
