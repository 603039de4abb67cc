"""Activity-log filters: an explicit allow-list (SECURITY.md, data extraction through filters)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.models import ActionLog


class ActivityFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(
        label=_("Person (name, nickname or e-mail)"), method="filter_user", max_length=100
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=[], empty_label=_("All"))
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = ActionLog
        fields: list[str] = []

    def __init__(self, *args, actions=(), **kwargs):
        """``actions``: the (stored name, translated label) of the events the log holds."""
        super().__init__(*args, **kwargs)
        self.filters["action"].extra["choices"] = list(actions)

    def filter_user(self, queryset, _name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(actor__name__icontains=value)
            | Q(actor__nickname__icontains=value)
            | Q(actor__email__icontains=value)
        )
