"""The list, create, edit and delete pages of a component's back-office, for one model.

A component whose back-office is "a list of things to write" (blog posts, pages...)
declares what differs — its rows, its form, its three services, its words and its
list template — and gets four views for its ``admin_urls.py``:

    crud = AdminCrud(
        items=lambda component: component.posts.select_related("author"),
        form_class=PostForm,
        create=lambda *, actor, component, form: services.create_post(...),
        update=lambda *, actor, item, form: services.update_post(...),
        delete=lambda *, actor, item: services.delete_post(actor=actor, post=item),
        index_template="blogs/admin/index.html",
        names=("post", "posts"),
        words=AdminCrudWords(new=..., delete=..., saved=..., deleted=...),
    )
    index, create, edit, delete = crud.views()

The framework mounted these under .../components/<id>/manage/ and checked the admin;
the services check again and log. A ``ServiceError`` becomes a form error; the form
and delete pages are ``components/backoffice/crud_form.html`` and ``crud_delete.html``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from participation.errors import ServiceError

FORM_TEMPLATE = "components/backoffice/crud_form.html"
DELETE_TEMPLATE = "components/backoffice/crud_delete.html"


@dataclass(frozen=True)
class AdminCrudWords:
    """Translated (lazy) texts: the new item's title, the delete page's title, the messages."""

    new: Any  # "New post"
    delete: Any  # "Delete post"
    saved: Any  # "Post saved."
    deleted: Any  # "Post deleted."


@dataclass(frozen=True)
class AdminCrud:
    items: Callable[[Any], QuerySet]  # the component's rows (tenancy: through the component)
    form_class: type
    create: Callable[..., Any]  # (*, actor, component, form) -> item
    update: Callable[..., Any]  # (*, actor, item, form) -> item
    delete: Callable[..., None]  # (*, actor, item)
    index_template: str
    names: tuple[str, str]  # the item's and the list's names in templates: ("post", "posts")
    words: AdminCrudWords

    def _context(self, request: HttpRequest, **extra) -> dict:
        return {
            "space": request.space,
            "space_type": request.space_type,
            "component": request.component,
            "crud": self.words,
            **extra,
        }

    def _item(self, request: HttpRequest, pk: int):
        return get_object_or_404(self.items(request.component), pk=pk)

    def _save(self, request: HttpRequest, item=None) -> HttpResponse:
        component = request.component
        form = self.form_class(request.POST or None, request.FILES or None, instance=item)
        if request.method == "POST" and form.is_valid():
            try:
                if item is None:
                    self.create(actor=request.user, component=component, form=form)
                else:
                    self.update(actor=request.user, item=item, form=form)
            except ServiceError as error:
                form.add_error(None, error)
            else:
                messages.success(request, self.words.saved)
                return redirect(component.admin_url("index"))
        name = self.names[0]
        return render(
            request, FORM_TEMPLATE, self._context(request, form=form, item=item, **{name: item})
        )

    def views(self) -> tuple[Callable, Callable, Callable, Callable]:
        """The index, create, edit and delete views, in that order."""

        @require_GET
        def index(request):
            rows = list(self.items(request.component))
            return render(
                request, self.index_template, self._context(request, **{self.names[1]: rows})
            )

        @require_http_methods(["GET", "POST"])
        def create(request):
            return self._save(request)

        @require_http_methods(["GET", "POST"])
        def edit(request, pk: int):
            return self._save(request, self._item(request, pk))

        @require_http_methods(["GET", "POST"])
        def delete(request, pk: int):
            item = self._item(request, pk)
            if request.method == "POST":
                self.delete(actor=request.user, item=item)
                messages.success(request, self.words.deleted)
                return redirect(request.component.admin_url("index"))
            return render(
                request,
                DELETE_TEMPLATE,
                self._context(request, item=item, **{self.names[0]: item}),
            )

        return index, create, edit, delete
