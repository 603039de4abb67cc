from django import forms
from django.utils.translation import gettext_lazy as _

from participation.components import registry
from participation.components.verification import method_choices


class AddComponentForm(forms.Form):
    manifest_name = forms.ChoiceField(label=_("Type of component"), choices=())
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Shown in the space's navigation. Leave empty to use the type's name."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manifest_name"].choices = registry.choices()


class NameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


def permissions_form_class(component) -> type[forms.Form] | None:
    """One set of checkboxes per action: the verification methods it requires."""
    methods = method_choices(component.organization)
    actions = component.manifest.actions
    if not actions or not methods:
        return None
    fields = {
        action: forms.MultipleChoiceField(
            label=declared.label,
            choices=methods,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Residents must hold every method ticked here."),
        )
        for action, declared in actions.items()
    }
    return type("PermissionsForm", (forms.Form,), fields)


class OrderForm(forms.Form):
    """Moves one component up or down (buttons on the list page)."""

    component = forms.IntegerField(widget=forms.HiddenInput)
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])
