from django.urls import path

from participation.verifications import admin_views, views

app_name = "verifications"

urlpatterns = [
    path("verifications/", views.overview, name="overview"),
    path("verifications/census/", views.census, name="census"),
    path("verifications/id-document/", views.id_document, name="id_document"),
    path("verifications/postal-letter/", views.postal_letter, name="postal_letter"),
    path("verifications/<slug:method>/withdraw/", views.withdraw, name="withdraw"),
    path("admin/verifications/", admin_views.methods, name="admin_methods"),
    path("admin/verifications/census/", admin_views.census, name="admin_census"),
    path("admin/verifications/documents/", admin_views.documents, name="admin_documents"),
    path(
        "admin/verifications/documents/<int:grant_id>/",
        admin_views.document_detail,
        name="admin_document",
    ),
    path(
        "admin/verifications/documents/<int:grant_id>/scan/",
        admin_views.document_scan,
        name="admin_document_scan",
    ),
    path(
        "admin/verifications/documents/<int:grant_id>/accept/",
        admin_views.document_accept,
        name="admin_document_accept",
    ),
    path(
        "admin/verifications/documents/<int:grant_id>/reject/",
        admin_views.document_reject,
        name="admin_document_reject",
    ),
    path("admin/verifications/letters/", admin_views.letters, name="admin_letters"),
    path(
        "admin/verifications/letters/export.csv",
        admin_views.letters_export,
        name="admin_letters_export",
    ),
    path("admin/verifications/letters/sent/", admin_views.letters_sent, name="admin_letters_sent"),
    path("admin/verifications/grants/", admin_views.grants, name="admin_grants"),
    path(
        "admin/verifications/grants/<int:grant_id>/revoke/",
        admin_views.grant_revoke,
        name="admin_grant_revoke",
    ),
]
