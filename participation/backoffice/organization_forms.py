"""The organisation's administrators edit its look and its legal pages."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from participation.models import Organization
from participation.uploads import validate_favicon, validate_image


class AppearanceForm(forms.ModelForm):
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        validators=[validate_image],
        help_text=_("PNG, JPEG, GIF or WebP image, 5 MB at most."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    favicon = forms.FileField(
        label=_("Favicon"),
        required=False,
        validators=[validate_favicon],
        help_text=_("The small icon browsers show in tabs."),
    )
    remove_favicon = forms.BooleanField(label=_("Remove the favicon"), required=False)

    class Meta:
        model = Organization
        fields = ["description", "primary_color", "secondary_color", "default_locale"]
        widgets = {
            "primary_color": forms.TextInput(attrs={"type": "color"}),
            "secondary_color": forms.TextInput(attrs={"type": "color"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "primary_color": _("Buttons and links; white text must stay readable on it."),
            "description": _("Shown on the home page."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the languages the organisation offers (the operator chooses those).
        offered = set(self.instance.available_locales or [])
        self.fields["default_locale"] = forms.ChoiceField(
            label=_("Default language"),
            choices=[(code, name) for code, name in settings.LANGUAGES if code in offered],
        )
        if not self.instance.logo:
            del self.fields["remove_logo"]
        if not self.instance.favicon:
            del self.fields["remove_favicon"]

    def appearance_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class LegalPageForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "HTML allowed (headings, paragraphs, lists, links). Leave empty to show the "
            "generic page."
        ),
    )
