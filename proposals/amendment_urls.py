"""Amendment URLs, added to ``proposals.urls`` under a proposal's permanent link."""

from django.urls import path

from proposals import amendment_views as views

AMENDMENT = "proposals/<int:pk>/amendments/<int:amendment_id>/"

urlpatterns = [
    path("proposals/<int:pk>/amend/", views.amend, name="amend"),
    path(AMENDMENT, views.amendment_detail, name="amendment"),
    path(AMENDMENT + "accept/", views.accept, name="amendment_accept"),
    path(AMENDMENT + "reject/", views.reject, name="amendment_reject"),
    path(AMENDMENT + "withdraw/", views.withdraw, name="amendment_withdraw"),
    path(AMENDMENT + "support/", views.support, name="amendment_support"),
    path(AMENDMENT + "unsupport/", views.unsupport, name="amendment_unsupport"),
]
