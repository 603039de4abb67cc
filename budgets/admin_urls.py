"""Back-office pages of a budgets component, mounted under .../components/<id>/manage/."""

from django.urls import path

from budgets import admin_views

_BUDGET = "budgets/<int:budget_id>/"
_PROJECT = _BUDGET + "projects/<int:pk>/"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("budgets/new/", admin_views.budget_create, name="budget_create"),
    path(_BUDGET, admin_views.budget_edit, name="budget_edit"),
    path(_BUDGET + "delete/", admin_views.budget_delete, name="budget_delete"),
    path(_BUDGET + "projects/", admin_views.projects, name="projects"),
    path(_BUDGET + "projects/new/", admin_views.project_create, name="project_create"),
    path(_PROJECT, admin_views.project_edit, name="project_edit"),
    path(_PROJECT + "delete/", admin_views.project_delete, name="project_delete"),
    path(
        _PROJECT + "files/<int:attachment_id>/delete/",
        admin_views.attachment_delete,
        name="attachment_delete",
    ),
    path(_BUDGET + "paper/", admin_views.paper_ballots, name="paper"),
    path(_BUDGET + "paper/<int:pk>/void/", admin_views.paper_void, name="paper_void"),
    path(_BUDGET + "results/", admin_views.results_preview, name="results"),
    path(_BUDGET + "results/publish/", admin_views.results_publish, name="results_publish"),
    path(_BUDGET + "results/withdraw/", admin_views.results_withdraw, name="results_withdraw"),
    path(
        _BUDGET + "results/<int:pk>/override/",
        admin_views.results_override,
        name="results_override",
    ),
]
