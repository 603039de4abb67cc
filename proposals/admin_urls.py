"""Admin URLs, mounted by the component framework under .../components/<id>/manage/."""

from django.urls import path

from proposals import admin_views, state_styles

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("bulk/", admin_views.bulk_action, name="bulk"),
    path("merge/", admin_views.merge, name="merge"),
    path("import/", admin_views.import_proposals, name="import"),
    path("states.css", state_styles.states_css, name="states_css"),
    path("states/", admin_views.states, name="states"),
    path("states/<int:pk>/", admin_views.state_edit, name="state_edit"),
    path("states/<int:pk>/delete/", admin_views.state_delete, name="state_delete"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/answer/", admin_views.answer, name="answer"),
    path("<int:pk>/publish-answer/", admin_views.publish_answer, name="publish_answer"),
    path("<int:pk>/notes/", admin_views.add_note, name="add_note"),
    path("<int:pk>/evaluators/", admin_views.evaluators, name="evaluators"),
    path("<int:pk>/hide/", admin_views.hide, name="hide"),
    path("<int:pk>/split/", admin_views.split, name="split"),
]
