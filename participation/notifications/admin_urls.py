from django.urls import path

from participation.notifications import admin_views

app_name = "notifications_admin"

urlpatterns = [
    path("", admin_views.index, name="newsletters"),
    path("new/", admin_views.create, name="create"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/edit/", admin_views.edit, name="edit"),
    path("<int:pk>/test/", admin_views.send_test, name="send_test"),
    path("<int:pk>/send/", admin_views.send, name="send"),
]
