"""Mounted under /system/organizations/<organization_pk>/security/."""

from django.urls import path

from participation.accounts import system_views

app_name = "accounts_system"

urlpatterns = [
    path("", system_views.organization_security, name="security"),
]
