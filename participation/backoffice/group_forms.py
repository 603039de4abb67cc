"""Forms of the back-office "Groups" pages (the services check everything again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.models import Space, SpaceRole, UserGroup


class GroupForm(forms.ModelForm):
    class Meta:
        model = UserGroup
        fields = ["name", "description", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class AddMemberForm(forms.Form):
    identifier = forms.CharField(
        label=_("Nickname or e-mail address"),
        max_length=254,
        help_text=_("Of an existing account of the organisation."),
    )


class GroupRoleForm(forms.Form):
    space = forms.ModelChoiceField(label=_("Space"), queryset=Space.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=SpaceRole.choices)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = Space.objects.of(organization).order_by("title")
        self.fields["space"].error_messages["invalid_choice"] = _("Choose a space of the list.")
        self.fields["role"].error_messages["invalid_choice"] = _("Choose a role of the list.")
