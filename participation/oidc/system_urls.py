"""Mounted under /system/organizations/<organization_pk>/sign-in-providers/."""

from django.urls import path

from participation.oidc import system_views as views

app_name = "oidc_system"

urlpatterns = [
    path("", views.provider_list, name="list"),
    path("new/", views.provider_new, name="new"),
    path("<int:pk>/", views.provider_edit, name="edit"),
    path("<int:pk>/delete/", views.provider_delete, name="delete"),
]
