"""The listing's filters: an explicit allow-list of parameters (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from proposals.models import ProposalState


class ProposalFilter(django_filters.FilterSet):
    """Only these parameters filter; any other query parameter is ignored."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    category = django_filters.ModelChoiceFilter(
        queryset=None, label=_("Category"), empty_label=_("All categories")
    )
    scope = django_filters.ModelChoiceFilter(
        queryset=None, label=_("Area"), empty_label=_("All areas")
    )
    state = django_filters.ChoiceFilter(
        choices=ProposalState.choices, label=_("State"), empty_label=_("All states")
    )
    author = django_filters.ChoiceFilter(
        method="by_author",
        label=_("Author"),
        choices=(("participants", _("Participants")),),
        empty_label=_("Everyone"),
    )
    mine = django_filters.BooleanFilter(
        method="only_mine", label=_("My proposals"), widget=forms.CheckboxInput
    )
    location = django_filters.ChoiceFilter(
        method="by_location",
        label=_("Location"),
        choices=(("with", _("With a location")), ("without", _("Without a location"))),
        empty_label=_("With or without"),
    )
    # Only offered where the component takes amendments (removed in __init__ otherwise).
    amendments = django_filters.ChoiceFilter(
        method="by_amendments",
        label=_("Amendments"),
        choices=(("with", _("With amendments")), ("without", _("Without amendments"))),
        empty_label=_("With or without"),
    )

    def __init__(
        self, data=None, *args, categories=(), scopes=(), user=None, component=None, **kwargs
    ):
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.component = component
        self.filters["category"].queryset = categories
        self.filters["scope"].queryset = scopes
        from proposals.services.amendments import amendments_enabled

        if component is None or not amendments_enabled(component=component):
            del self.filters["amendments"]

    def search(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(body__icontains=value))

    def by_author(self, queryset, name, value):
        # Official proposals (by the organisation) arrive later; all current ones are participants'.
        return queryset.filter(author__isnull=False) if value == "participants" else queryset

    def only_mine(self, queryset, name, value):
        if not value:
            return queryset
        if self.user is None or not self.user.is_authenticated:
            return queryset.none()
        return queryset.filter(author=self.user)

    def by_location(self, queryset, name, value):
        if value == "with":
            return queryset.filter(latitude__isnull=False)
        if value == "without":
            return queryset.filter(latitude__isnull=True)
        return queryset

    def by_amendments(self, queryset, name, value):
        from proposals.selectors.amendments import with_amendments_filter

        if value not in ("with", "without"):
            return queryset
        return with_amendments_filter(
            queryset, component=self.component, user=self.user, present=value == "with"
        )
