from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path(
        "system/organizations/<int:organization_pk>/sign-in-providers/",
        include("participation.oidc.system_urls"),
    ),
    path("system/", include("participation.system.urls")),
    path("oidc/", include("participation.oidc.urls")),
    path("", include("participation.urls")),
    path("", include("spaces.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "participation.error_views.page_not_found"
handler500 = "participation.error_views.server_error"
handler403 = "participation.error_views.permission_denied"
