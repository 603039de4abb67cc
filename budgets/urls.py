"""Public pages of a budgets component, mounted under /<type>/<slug>/f/<id>/."""

urlpatterns: list = []
