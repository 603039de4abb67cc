from django.urls import path

from participation.components import views
from participation.space_types import SPACE_TYPES

app_name = "components"

urlpatterns = []
# One explicit prefix per space type, like spaces.urls, so nothing shadows other apps.
for key in SPACE_TYPES:
    base = f"{key}/<slug:slug>/f/<int:component_id>/"
    urlpatterns += [
        path(base, views.serve, {"space_type": key}, name=f"public-{key}"),
        path(base + "<path:rest>", views.serve, {"space_type": key}, name=f"public-{key}-sub"),
    ]
