from django.urls import path

from participation.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/", views.account_settings, name="settings"),
    path("account/terms/", views.accept_terms_view, name="terms"),
    path("profiles/<slug:nickname>/", views.profile, name="profile"),
]
