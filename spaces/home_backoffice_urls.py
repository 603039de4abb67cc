from django.urls import path

from spaces.backoffice import home_pages

app_name = "home_backoffice"

urlpatterns = [
    path("", home_pages.index, name="index"),
    path("new/<slug:kind>/", home_pages.add, name="add"),
    path("<int:pk>/", home_pages.edit, name="edit"),
    path("<int:pk>/move/", home_pages.move, name="move"),
    path("<int:pk>/enable/", home_pages.enable, name="enable"),
    path("<int:pk>/delete/", home_pages.delete, name="delete"),
]
