from django.urls import path

from participation import views

app_name = "participation"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("organization.css", views.organization_css, name="organization_css"),
    path("legal/<slug:kind>/", views.legal_page, name="legal"),
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("invitation/<uidb64>/<token>/", views.accept_invitation, name="invitation"),
    path("groups/<int:pk>/", views.group_page, name="group"),
]
