"""Admin pages, mounted under .../components/<id>/manage/ (the framework checked the admin):
the core's list/create/edit/delete flow (participation.components.admin_crud) for posts."""

from django.utils.translation import gettext_lazy as _

from blogs import services
from blogs.forms import PostForm
from participation.components.admin_crud import AdminCrud, AdminCrudWords

crud = AdminCrud(
    items=lambda component: component.posts.select_related("author"),
    form_class=PostForm,
    create=lambda *, actor, component, form: services.create_post(
        actor=actor, component=component, data=form.cleaned_data
    ),
    update=lambda *, actor, item, form: services.update_post(
        actor=actor, post=item, data=form.cleaned_data
    ),
    delete=lambda *, actor, item: services.delete_post(actor=actor, post=item),
    index_template="blogs/admin/index.html",
    names=("post", "posts"),
    words=AdminCrudWords(
        new=_("New post"),
        delete=_("Delete post"),
        saved=_("Post saved."),
        deleted=_("Post deleted."),
    ),
)

index, create, edit, delete = crud.views()
