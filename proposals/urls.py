"""Public URLs, mounted by the component framework under /<type>/<slug>/f/<id>/.

A proposal's permanent link is /<type>/<slug>/f/<id>/proposals/<pk>/.
"""

from django.urls import path

from proposals import state_styles, views
from proposals.views import amendments

urlpatterns = [
    path("", views.index, name="index"),
    path("map.json", views.map_data, name="map_data"),
    path("states.css", state_styles.states_css, name="states_css"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.json", views.export, {"fmt": "json"}, name="export_json"),
    path("new/", views.create, name="create"),
    path("drafts/<int:pk>/", views.edit_draft_text, name="draft_text"),
    path("drafts/<int:pk>/similar/", views.similar, name="similar"),
    path("drafts/<int:pk>/details/", views.details, name="details"),
    path(
        "drafts/<int:pk>/attachments/<int:attachment_id>/delete/",
        views.remove_attachment,
        name="remove_attachment",
    ),
    path("drafts/<int:pk>/preview/", views.preview, name="preview"),
    path("drafts/<int:pk>/discard/", views.discard, name="discard"),
    path("proposals/<int:pk>/", views.detail, name="detail"),
    path("proposals/<int:pk>/history/", views.history, name="history"),
    path("proposals/<int:pk>/edit/", views.edit, name="edit"),
    path("proposals/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("proposals/<int:pk>/support/", views.support, name="support"),
    path("proposals/<int:pk>/unsupport/", views.unsupport, name="unsupport"),
]

AMENDMENT = "proposals/<int:pk>/amendments/<int:amendment_id>/"

# Amendments, under a proposal's permanent link.
urlpatterns += [
    path("proposals/<int:pk>/amend/", amendments.amend, name="amend"),
    path(AMENDMENT, amendments.amendment_detail, name="amendment"),
    path(AMENDMENT + "accept/", amendments.accept, name="amendment_accept"),
    path(AMENDMENT + "reject/", amendments.reject, name="amendment_reject"),
    path(AMENDMENT + "withdraw/", amendments.withdraw, name="amendment_withdraw"),
    path(AMENDMENT + "support/", amendments.support, name="amendment_support"),
    path(AMENDMENT + "unsupport/", amendments.unsupport, name="amendment_unsupport"),
]
