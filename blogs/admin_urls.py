"""Admin URLs, mounted by the component framework under .../components/<id>/manage/."""

from django.urls import path

from blogs import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.create, name="create"),
    path("<int:pk>/", admin_views.edit, name="edit"),
    path("<int:pk>/delete/", admin_views.delete, name="delete"),
]
