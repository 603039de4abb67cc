"""Mounted under /admin/organization/ (organisation administrators)."""

from django.urls import path

from participation.backoffice import group_views, organization_views

app_name = "organization_backoffice"

urlpatterns = [
    path("", organization_views.appearance, name="appearance"),
    path("legal/<slug:kind>/", organization_views.legal_page, name="legal_page"),
]

urlpatterns += [
    path("groups/", group_views.group_list, name="groups"),
    path("groups/new/", group_views.group_create, name="group_create"),
    path("groups/<int:pk>/", group_views.group_members_page, name="group_members"),
    path("groups/<int:pk>/edit/", group_views.group_edit, name="group_edit"),
    path("groups/<int:pk>/delete/", group_views.group_delete, name="group_delete"),
    path("groups/<int:pk>/roles/", group_views.group_roles, name="group_roles"),
]
