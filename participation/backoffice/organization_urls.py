"""Mounted under /admin/organization/ (organisation administrators)."""

from django.urls import path

from participation.backoffice import organization_views

app_name = "organization_backoffice"

urlpatterns = [
    path("", organization_views.appearance, name="appearance"),
    path("legal/<slug:kind>/", organization_views.legal_page, name="legal_page"),
]
