from django.urls import path

from participation.moderation import views

app_name = "moderation"

urlpatterns = [
    path("report/<str:type_key>/<int:object_id>/", views.report, name="report"),
    path("activity/", views.activity_feed, name="activity"),
    path("admin/moderation/", views.queue, name="queue"),
    path("admin/moderation/settings/", views.moderation_settings, name="settings"),
    path("admin/moderation/<int:pk>/", views.detail, name="detail"),
    path("admin/moderation/<int:pk>/hide/", views.act, {"action": "hide"}, name="hide"),
    path("admin/moderation/<int:pk>/unhide/", views.act, {"action": "unhide"}, name="unhide"),
    path("admin/moderation/<int:pk>/unreport/", views.act, {"action": "unreport"}, name="unreport"),
    path("admin/moderation/<int:pk>/block/", views.block, name="block"),
    path("admin/activity/", views.activity_log, name="activity_log"),
]
