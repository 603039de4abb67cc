"""Mounted by spaces.admin_urls under <space-type>/<slug>/components/."""

from django.urls import path

from participation.components import backoffice

app_name = "components"

urlpatterns = [
    path("", backoffice.index, name="index"),
    path("add/", backoffice.add, name="add"),
    path("order/", backoffice.reorder, name="reorder"),
    path("<int:component_id>/", backoffice.edit, name="edit"),
    path("<int:component_id>/publish/", backoffice.publish, name="publish"),
    path("<int:component_id>/unpublish/", backoffice.unpublish, name="unpublish"),
    path("<int:component_id>/delete/", backoffice.delete, name="delete"),
    path("<int:component_id>/exports/<slug:name>.csv", backoffice.export, name="export"),
    path("<int:component_id>/manage/", backoffice.manage, name="manage"),
    path("<int:component_id>/manage/<path:rest>", backoffice.manage, name="manage-sub"),
]
