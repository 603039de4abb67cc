"""Back-office pages of a budgets component, mounted under .../components/<id>/manage/."""

urlpatterns: list = []
