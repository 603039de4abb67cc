from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.models import Budget, Project


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = ["title", "description", "total", "scope", "position"]
        labels = {"total": _("Amount (€)")}
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "description": _("Paragraphs, lists and links (unsafe markup is removed)."),
            "position": _("Budgets are listed by position, smallest first."),
        }

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = scopes
        self.fields["scope"].empty_label = _("No area")
        self.fields["total"].min_value = 0

    def _post_clean(self):
        # The service validates and saves; the form only checks the input.
        pass


class ProjectForm(forms.ModelForm):
    attachment = forms.FileField(
        label=_("Add an image or a document"),
        required=False,
        help_text=_("JPEG, PNG, GIF, WebP, PDF, ODT, DOCX, XLSX... checked by their content."),
    )
    attachment_description = forms.CharField(
        label=_("Description of the file (alternative text for an image)"),
        max_length=255,
        required=False,
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "description",
            "cost",
            "category",
            "scope",
            "address",
            "latitude",
            "longitude",
            "position",
        ]
        labels = {"cost": _("Cost (€)")}
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "description": _("Paragraphs, lists and links (unsafe markup is removed)."),
            "address": _("Without a point, the address is placed on the map when it can be."),
            "latitude": _("Click on the map, or type it (for example 43.604). Empty: no point."),
            "longitude": _("For example 1.444."),
        }

    def __init__(self, *args, categories, scopes, geolocation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["category"].empty_label = _("No category")
        self.fields["scope"].queryset = scopes
        self.fields["scope"].empty_label = _("No area")
        self.fields["cost"].min_value = 0
        if not geolocation:
            for name in ("address", "latitude", "longitude"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if (
            "latitude" in self.fields
            and (data.get("latitude") is None) != (data.get("longitude") is None)
            and not self.errors
        ):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        return data

    def _post_clean(self):
        # The service validates and saves; the form only checks the input.
        pass


class PaperBallotForm(forms.Form):
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects chosen on the paper ballot"),
        queryset=Project.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the projects chosen on the paper ballot.")},
    )

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = budget.projects.all()
        self.fields["projects"].label_from_instance = lambda project: (
            _("%(title)s (%(cost)s)") % {"title": project.title, "cost": _money(project.cost)}
        )


def _money(value):
    from budgets.services.budgets import money

    return money(value=value)


class OverrideForm(forms.Form):
    selected = forms.TypedChoiceField(
        label=_("Decision"),
        choices=((1, _("Selected: the project will be funded")), (0, _("Not selected"))),
        coerce=lambda value: value in (1, "1", True),
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (published with the results)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Explain why: the reason is published with the results.")},
    )
