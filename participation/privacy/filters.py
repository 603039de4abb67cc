"""Searching and sorting participants: an explicit allow-list, nothing else.

Unknown parameters are ignored, invalid values (``?o=password``) fail the
form's validation and are dropped, so no attribute or relation can be queried
or sorted on beyond the ones named here (SECURITY.md, data extraction).
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.models import User

ORDERING = (
    ("name", "name"),
    ("email", "email"),
    ("date_joined", "date_joined"),
    ("last_login", "last_login"),
)


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name, nickname or e-mail"), method="search", max_length=100
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("active", _("Active")), ("blocked", _("Blocked"))],
        method="filter_status",
        empty_label=_("All"),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        choices=[("admin", _("Administrators")), ("participant", _("Participants"))],
        method="filter_role",
        empty_label=_("All"),
    )
    o = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=ORDERING,
        field_labels={
            "name": _("Name"),
            "email": _("E-mail address"),
            "date_joined": _("Date joined"),
            "last_login": _("Last sign-in"),
        },
    )

    class Meta:
        model = User
        fields: list[str] = []  # only the filters declared above

    def search(self, queryset, _name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(nickname__icontains=value) | Q(email__icontains=value)
        )

    def filter_status(self, queryset, _name, value):
        return queryset.filter(is_active=(value == "active"))

    def filter_role(self, queryset, _name, value):
        return queryset.filter(is_org_admin=(value == "admin"))
