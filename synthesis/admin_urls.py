from django.urls import path

import spaces.admin_urls  # noqa: F401  (registers the "spacetype" converter)
from synthesis import views

app_name = "synthesis_admin"

urlpatterns = [
    path("", views.organization_metrics, name="metrics"),
    path("<spacetype:space_type>/<slug:slug>/", views.space_metrics, name="space"),
]
