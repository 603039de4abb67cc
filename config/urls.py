from django.urls import include, path, re_path
from django.views.i18n import set_language

from participation.media import serve_media

urlpatterns = [
    # User files: every request checked (organisation, visibility), served as a download
    # or a raster image with nosniff and a sandboxing CSP (participation.media). Never a
    # static file handler: on the platform's origin it would run any HTML or script.
    re_path(r"^media/(?P<path>.+)$", serve_media, name="media"),
    path("i18n/setlang/", set_language, name="set_language"),
    path(
        "system/organizations/<int:organization_pk>/sign-in-providers/",
        include("participation.oidc.system_urls"),
    ),
    path(
        "system/organizations/<int:organization_pk>/security/",
        include("participation.accounts.system_urls"),
    ),
    path("system/", include("participation.system.urls")),
    path("admin/spaces/", include("spaces.admin_urls")),
    path("admin/home/", include("spaces.home_admin_urls")),
    path("admin/terms/", include("participation.accounts.admin_urls")),
    path("admin/organization/", include("participation.backoffice.organization_urls")),
    path("admin/newsletters/", include("participation.notifications.admin_urls")),
    path("admin/metrics/", include("synthesis.admin_urls")),
    path("admin/", include("participation.backoffice.urls")),
    path("oidc/", include("participation.oidc.urls")),
    path("account/", include("participation.accounts.allauth_urls")),
    path("", include("participation.accounts.urls")),
    path("", include("participation.urls")),
    path("", include("participation.verifications.urls")),
    path("", include("participation.privacy.urls")),
    path("", include("participation.comments.urls")),
    path("", include("participation.moderation.urls")),
    path("", include("participation.search.urls")),
    path("notifications/", include("participation.notifications.urls")),
    path("", include("spaces.urls")),
    path("", include("participation.components.urls")),
]


handler400 = "participation.error_views.bad_request"
handler404 = "participation.error_views.page_not_found"
handler500 = "participation.error_views.server_error"
handler403 = "participation.error_views.permission_denied"
# allauth's rate limits (ACCOUNT_RATE_LIMITS) look this one up.
handler429 = "participation.accounts.views.too_many_requests"
