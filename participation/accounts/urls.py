from django.urls import path

from participation.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/", views.account_settings, name="settings"),
    path("account/terms/", views.accept_terms_view, name="terms"),
    path("profiles/<slug:nickname>/", views.profile, name="profile"),
    path(
        "profiles/<slug:nickname>/follows/",
        views.profile,
        {"tab": "follows"},
        name="profile_follows",
    ),
    path(
        "profiles/<slug:nickname>/followers/",
        views.profile,
        {"tab": "followers"},
        name="profile_followers",
    ),
    path(
        "profiles/<slug:nickname>/groups/", views.profile, {"tab": "groups"}, name="profile_groups"
    ),
]
