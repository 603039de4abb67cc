"""Mounted under /admin/terms/ (organisation administrators)."""

from django.urls import path

from participation.accounts import backoffice_views

app_name = "accounts_backoffice"

urlpatterns = [
    path("", backoffice_views.terms, name="terms"),
]
