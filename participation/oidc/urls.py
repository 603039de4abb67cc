from django.urls import path

from participation.oidc import views

app_name = "oidc"

urlpatterns = [
    path("start/<slug:slug>/", views.start, name="start"),
    path("callback/", views.callback, name="callback"),
    path("sign-out/", views.sign_out, name="logout"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("reauthenticate/", views.reauthenticate, name="reauthenticate"),
    path("links/<int:pk>/remove/", views.unlink, name="unlink"),
]
