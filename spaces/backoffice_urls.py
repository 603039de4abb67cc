from django.urls import path

from spaces import backoffice

app_name = "spaces_backoffice"

urlpatterns = [path("", backoffice.index, name="index")]
