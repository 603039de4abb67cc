from django import forms
from django.utils.translation import gettext_lazy as _

from participation.moderation.models import ReportReason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you report this?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class QueueFilterForm(forms.Form):
    """Allow-listed filters of the moderation queue; the space choices come from the view."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("reported", _("Reported")), ("hidden", _("Hidden"))],
    )
    space = forms.ChoiceField(label=_("Space"), required=False, choices=[("", _("All"))])

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [("", _("All")), ("people", _("Participants"))] + [
            (f"{space.url_prefix}-{space.pk}", space.title) for space in spaces
        ]


class ThresholdForm(forms.Form):
    hide_threshold = forms.IntegerField(
        label=_("Reports before an item is hidden automatically"), min_value=1, max_value=100
    )


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason shown to the participant"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
