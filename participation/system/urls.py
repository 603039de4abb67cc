from django.urls import path

from participation.accounts import operator_mfa
from participation.system import views
from participation.views import sign_out

app_name = "system"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sign-in/", views.system_sign_in, name="login"),
    path("sign-out/", sign_out, name="logout"),
    path("2fa/authenticate/", operator_mfa.authenticate, name="mfa_authenticate"),
    path("2fa/setup/", operator_mfa.setup, name="mfa_setup"),
    path("organizations/new/", views.organization_new, name="organization_new"),
    path("organizations/<int:pk>/", views.organization_edit, name="organization_edit"),
]
