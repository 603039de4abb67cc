"""Public pages of a budgets component, mounted under /<type>/<slug>/f/<id>/."""

urlpatterns: list = []
from budgets.results_views import RESULTS_URL  # noqa: E402 (the results page)

urlpatterns += [RESULTS_URL]
