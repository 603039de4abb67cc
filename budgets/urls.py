"""Public pages of a budgets component, mounted under /<type>/<slug>/f/<id>/.

A budget's page is .../budgets/<pk>/, a project's permanent link .../projects/<pk>/.
"""

from django.urls import path

from budgets import views
from budgets.views.results import RESULTS_URL

urlpatterns = [
    path("", views.index, name="index"),
    path("budgets/<int:pk>/", views.budget, name="budget"),
    path("budgets/<int:pk>/map.json", views.map_data, name="map_data"),
    path("budgets/<int:pk>/ballot/", views.summary, name="summary"),
    path("budgets/<int:pk>/ballot/cast/", views.cast, name="cast"),
    path("budgets/<int:pk>/ballot/confirmation/", views.confirmation, name="confirmation"),
    path("budgets/<int:pk>/ballot/cancel/", views.cancel, name="cancel"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/add/", views.add, name="add"),
    path("projects/<int:pk>/remove/", views.remove, name="remove"),
    RESULTS_URL,
]
