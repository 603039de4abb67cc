from django import forms
from django.utils.translation import gettext_lazy as _

from participation.search.registry import all_searchables


class SearchForm(forms.Form):
    """Type and space come from allow-lists; nothing else of the query string is read."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    space = forms.ChoiceField(label=_("Space"), required=False)

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Everything"))] + [
            (searchable.key, searchable.label) for searchable in all_searchables()
        ]
        self.fields["space"].choices = [("", _("All spaces"))] + [
            (f"{space.url_prefix}-{space.pk}", space.title) for space in spaces
        ]

    def clean_space(self):
        value = self.cleaned_data.get("space")
        if not value:
            return None
        key, _sep, pk = value.rpartition("-")
        return key, int(pk)
