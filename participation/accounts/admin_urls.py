"""Mounted under /admin/terms/ (organisation administrators)."""

from django.urls import path

from participation.accounts import admin_views

app_name = "accounts_backoffice"

urlpatterns = [
    path("", admin_views.terms, name="terms"),
]
