"""Forms of the proposals back-office: they shape input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proposals.models import ProposalState, StateMeaning
from proposals.selectors.admin import ANSWERED_NO, ANSWERED_UNPUBLISHED, ANSWERED_YES
from proposals.services.answers import state_choices


def _choices_of(queryset, label) -> list[tuple[str, str]]:
    return [(str(item.pk), label(item)) for item in queryset]


def _person(user) -> str:
    return user.name or user.nickname or user.email


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search (title, text or number)"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    scope = forms.ChoiceField(label=_("Area"), required=False)
    evaluator = forms.ChoiceField(label=_("Evaluator"), required=False)
    answered = forms.ChoiceField(
        label=_("Answer"),
        required=False,
        choices=(
            ("", pgettext_lazy("feminine", "All")),
            (ANSWERED_YES, _("Answered")),
            (ANSWERED_NO, _("Not answered")),
            (ANSWERED_UNPUBLISHED, _("Answer not published yet")),
        ),
    )

    def __init__(self, *args, states, categories, scopes, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        builtin = [(value, label) for value, label in ProposalState.choices]
        custom = [(f"custom-{state.pk}", state.name) for state in states]
        self.fields["state"].choices = [("", _("All states")), *builtin, *custom]
        self.fields["category"].choices = [("", _("All categories"))] + _choices_of(
            categories, lambda c: c.name
        )
        self.fields["scope"].choices = [("", _("All areas"))] + _choices_of(
            scopes, lambda s: s.title
        )
        self.fields["evaluator"].choices = [("", _("Everyone"))] + _choices_of(evaluators, _person)

    def cleaned_or_empty(self) -> dict:
        """The valid filters; an invalid value is dropped, never echoed."""
        if self.is_valid():
            return self.cleaned_data
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


class StateForm(forms.Form):
    token = forms.SlugField(
        label=_("Code"),
        max_length=30,
        help_text=_("Lower-case letters, digits and hyphens, e.g. “in-progress”."),
    )
    name_fr = forms.CharField(label=_("Name in French"), max_length=100)
    name_en = forms.CharField(label=_("Name in English"), max_length=100)
    background_color = forms.CharField(
        label=_("Background colour"),
        max_length=7,
        initial="#1f5c99",
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    text_color = forms.CharField(
        label=_("Text colour"),
        max_length=7,
        initial="#ffffff",
        help_text=_("The text must stay readable on the background: a contrast of 4.5:1 at least."),
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    counts_as = forms.ChoiceField(
        label=_("Counts as"),
        choices=StateMeaning.choices,
        help_text=_("Accepted or rejected proposals are counted and filtered as such."),
    )


class AnswerForm(forms.Form):
    state = forms.ChoiceField(label=_("State"))
    text = forms.CharField(
        label=_("Official answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Required when the proposal is rejected. Simple HTML is kept."),
    )
    cost = forms.CharField(label=_("Cost (euros)"), required=False, max_length=20)
    cost_report = forms.CharField(
        label=_("Cost report"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    execution_period = forms.CharField(
        label=_("Execution period"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    publish = forms.BooleanField(
        label=_("Publish the answer now (the author is notified)"), required=False
    )

    def __init__(self, *args, component, states, immediate: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = state_choices(component=component, states=states)
        if immediate:
            del self.fields["publish"]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Private note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only administrators and evaluators of this space read it."),
    )


class EvaluatorForm(forms.Form):
    evaluator = forms.ChoiceField(label=_("Evaluator"))

    def __init__(self, *args, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].choices = _choices_of(evaluators, _person)


class MergeForm(forms.Form):
    title = forms.CharField(label=_("Title of the merged proposal"), max_length=500)
    body = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}))


class SplitForm(forms.Form):
    PARTS = 4

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, self.PARTS + 1):
            self.fields[f"title_{number}"] = forms.CharField(
                label=_("Title of part %(number)d") % {"number": number},
                max_length=500,
                required=number <= 2,
            )
            self.fields[f"body_{number}"] = forms.CharField(
                label=_("Description of part %(number)d") % {"number": number},
                required=number <= 2,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def parts(self) -> list[dict]:
        return [
            {
                "title": self.cleaned_data.get(f"title_{n}", ""),
                "body": self.cleaned_data.get(f"body_{n}", ""),
            }
            for n in range(1, self.PARTS + 1)
        ]


class ImportForm(forms.Form):
    source = forms.ChoiceField(label=_("Import from"))
    states = forms.MultipleChoiceField(
        label=_("Proposals in these states"),
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (value, label)
            for value, label in ProposalState.choices
            if value != ProposalState.WITHDRAWN
        ],
        initial=[ProposalState.ACCEPTED],
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (str(source.pk), f"{source.name} — {source.space.title}") for source in sources
        ]
