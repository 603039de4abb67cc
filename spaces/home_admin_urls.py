from django.urls import path

from spaces.admin_views import home

app_name = "home_backoffice"

urlpatterns = [
    path("", home.index, name="index"),
    path("new/<slug:kind>/", home.add, name="add"),
    path("<int:pk>/", home.edit, name="edit"),
    path("<int:pk>/move/", home.move, name="move"),
    path("<int:pk>/enable/", home.enable, name="enable"),
    path("<int:pk>/delete/", home.delete, name="delete"),
]
