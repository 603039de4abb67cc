from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.models import SupportValue


class TextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    body = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=100000,
        help_text=_("Simple formatting is kept (paragraphs, bold, lists, links)."),
    )

    def __init__(self, *args, component=None, **kwargs):
        super().__init__(*args, **kwargs)
        if component is not None:
            settings = component.typed_settings
            self.fields["title"].help_text = _("Between %(min)d and %(max)d characters.") % {
                "min": settings.title_min_length,
                "max": settings.title_max_length,
            }
            self.fields["body"].help_text = _(
                "At most %(max)d characters. Simple formatting is kept."
            ) % {"max": settings.body_max_length}


class DetailsForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=None, required=False, empty_label=_("No category")
    )
    scope = forms.ModelChoiceField(
        label=_("Area"), queryset=None, required=False, empty_label=_("No area")
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        help_text=_(
            "The place is found from the address; you can also click on the map to place it "
            "precisely. Leave empty for no place."
        ),
    )
    # Residents never type coordinates: the map fills them, or the address is looked up.
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        widget=forms.HiddenInput,
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        widget=forms.HiddenInput,
    )
    attachment = forms.FileField(
        label=_("Add a photo or a document"),
        required=False,
        help_text=_("JPEG, PNG, GIF, WebP, PDF, ODT, DOCX... up to 5 files."),
    )
    attachment_description = forms.CharField(
        label=_("Description of the file (alternative text for a photo)"),
        max_length=255,
        required=False,
    )

    def __init__(self, *args, categories, scopes, geolocation: bool, attachments: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["scope"].queryset = scopes
        if not geolocation:
            for name in ("address", "latitude", "longitude"):
                del self.fields[name]
        if not attachments:
            del self.fields["attachment"]
            del self.fields["attachment_description"]

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.errors:
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        return data


class SupportForm(forms.Form):
    value = forms.TypedChoiceField(
        choices=SupportValue.choices, coerce=int, required=False, empty_value=SupportValue.FOR
    )
