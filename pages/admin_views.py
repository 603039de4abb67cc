"""Admin pages, mounted under .../components/<id>/manage/ (the framework checked the admin):
the core's list/create/edit/delete flow (participation.components.admin_crud) for pages."""

from django.utils.translation import gettext_lazy as _

from pages import services
from pages.forms import PageForm
from participation.components.admin_crud import AdminCrud, AdminCrudWords

crud = AdminCrud(
    items=lambda component: component.pages.all(),
    form_class=PageForm,
    create=lambda *, actor, component, form: services.create_page(
        actor=actor, component=component, data=form.page_data(), video=form.video
    ),
    update=lambda *, actor, item, form: services.update_page(
        actor=actor, page=item, data=form.page_data(), video=form.video
    ),
    delete=lambda *, actor, item: services.delete_page(actor=actor, page=item),
    index_template="pages/admin/index.html",
    names=("page", "pages"),
    words=AdminCrudWords(
        new=_("New page"),
        delete=_("Delete page"),
        saved=_("Page saved."),
        deleted=_("Page deleted."),
    ),
)

index, create, edit, delete = crud.views()
