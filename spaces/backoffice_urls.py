from django.urls import include, path

from spaces import backoffice

app_name = "spaces_backoffice"

urlpatterns = [
    path("", backoffice.index, name="index"),
    path(
        "<str:space_type>/<slug:slug>/components/",
        include("participation.components.backoffice_urls"),
    ),
]
