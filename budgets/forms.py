"""The project listing's filters: an explicit allow-list of query parameters."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ProjectFilterForm(forms.Form):
    """Only these parameters filter; an invalid value is dropped, never echoed."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ModelChoiceField(
        queryset=None, label=_("Category"), required=False, empty_label=_("All categories")
    )
    scope = forms.ModelChoiceField(
        queryset=None, label=_("Area"), required=False, empty_label=_("All areas")
    )
    in_ballot = forms.BooleanField(label=_("Only the projects in my ballot"), required=False)

    def __init__(self, data=None, *, categories, scopes, with_ballot: bool):
        super().__init__(data)
        self.fields["category"].queryset = categories
        self.fields["scope"].queryset = scopes
        if not with_ballot:
            del self.fields["in_ballot"]

    def values(self) -> dict:
        """Each filter's clean value; a field with a bad value counts as not given."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "q": cleaned.get("q") or "",
            "category": cleaned.get("category"),
            "scope": cleaned.get("scope"),
            "in_ballot": bool(cleaned.get("in_ballot")),
        }
