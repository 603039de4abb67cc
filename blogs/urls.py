"""Public URLs, mounted by the component framework under /<type>/<slug>/f/<id>/."""

from django.urls import path

from blogs import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
]
