from django.urls import path

from participation.comments import views

app_name = "comments"

urlpatterns = [
    path("comments/<slug:key>/<int:object_id>/new/", views.create, name="create"),
    path("comments/<int:pk>/", views.permalink, name="permalink"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
    path("comments/<int:pk>/vote/", views.vote, name="vote"),
]
