from django.urls import path

from spaces import views
from spaces.types import SPACE_TYPES

app_name = "spaces"

urlpatterns = [
    path("", views.home, name="home"),
    path("space-invitations/<str:token>/", views.accept_space_invitation, name="accept-invitation"),
]
# One explicit prefix per space type, so no catch-all shadows other apps' URLs.
for key in SPACE_TYPES:
    urlpatterns += [
        path(f"{key}/", views.space_list, {"space_type": key}, name=f"list-{key}"),
        path(f"{key}/<slug:slug>/", views.space_detail, {"space_type": key}, name=f"detail-{key}"),
    ]
