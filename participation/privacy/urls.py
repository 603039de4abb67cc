from django.urls import path

from participation.privacy import admin_views, views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.overview, name="overview"),
    path("privacy/export/", views.request_export, name="request_export"),
    path("privacy/exports/<str:token>/", views.download, name="download"),
    path("privacy/delete-account/", views.delete_account, name="delete_account"),
    path("privacy/account-deleted/", views.account_deleted, name="account_deleted"),
    path("admin/participants/", admin_views.participants, name="participants"),
    path(
        "admin/participants/export.csv",
        admin_views.participants_export,
        name="participants_export",
    ),
    path("admin/participants/<int:user_id>/", admin_views.participant_detail, name="participant"),
    path(
        "admin/participants/<int:user_id>/block/",
        admin_views.participant_block,
        name="participant_block",
    ),
    path(
        "admin/participants/<int:user_id>/unblock/",
        admin_views.participant_unblock,
        name="participant_unblock",
    ),
    path(
        "admin/participants/<int:user_id>/promote/",
        admin_views.participant_promote,
        name="participant_promote",
    ),
    path(
        "admin/participants/<int:user_id>/demote/",
        admin_views.participant_demote,
        name="participant_demote",
    ),
]
