"""The allauth pages we serve, under /account/ (allauth's URL names, no namespace).

Listed one by one rather than including allauth.urls: sign-in stays our own
page (/sign-in/, with the OpenID Connect buttons) and the confirmation and
reset-key views are our organisation-bound subclasses.
"""

from allauth.account import views as account_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from participation.accounts import views
from participation.views import sign_out

urlpatterns = [
    # allauth redirects to these names; they lead to our own pages.
    path(
        "login/",
        RedirectView.as_view(pattern_name="participation:login", query_string=True),
        name="account_login",
    ),
    path("logout/", sign_out, name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path("signup/", account_views.signup, name="account_signup"),
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    path("email/", views.manage_email, name="account_email"),
    path(
        "confirm-email/",
        account_views.email_verification_sent,
        name="account_email_verification_sent",
    ),
    re_path(
        r"^confirm-email/(?P<key>[-:\w]+)/$",
        views.ConfirmEmailView.as_view(),
        name="account_confirm_email",
    ),
    path("password/change/", account_views.password_change, name="account_change_password"),
    path("password/set/", account_views.password_set, name="account_set_password"),
    path("password/reset/", account_views.password_reset, name="account_reset_password"),
    path(
        "password/reset/done/",
        account_views.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.PasswordResetFromKeyView.as_view(),
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    path("2fa/", include("allauth.mfa.urls")),
]
