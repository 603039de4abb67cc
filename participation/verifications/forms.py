"""Forms: validate input and carry the services' refusals to the person."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.verifications import registry
from participation.verifications.models import CensusFields, GrantStatus
from participation.verifications.storage import SCAN_TYPES, validate_scan  # noqa: F401

DOCUMENT_TYPES = [
    ("id_card", _("National identity card")),
    ("passport", _("Passport")),
    ("residence_permit", _("Residence permit")),
]


class MethodsForm(forms.Form):
    methods = forms.MultipleChoiceField(
        label=_("Verification methods offered to participants"),
        choices=registry.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class CensusUploadForm(forms.Form):
    fields = forms.ChoiceField(
        label=_("Identifying fields"),
        choices=CensusFields.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The first line of the file names the columns: document_number and birth_date, "
            "or email and postal_code. Dates as YYYY-MM-DD or DD/MM/YYYY. Other columns are ignored."
        ),
    )
    file = forms.FileField(
        label=_("Census file (CSV, UTF-8, comma or semicolon separated)"),
    )

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_DOCUMENT_UPLOAD_BYTES:
            raise ValidationError(_("This file is too large."), code="file_too_large")
        return upload


FIELD_BUILDERS = {
    "document_number": lambda: forms.CharField(label=_("Identity document number"), max_length=40),
    "birth_date": lambda: forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    ),
    "email": lambda: forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    ),
    "postal_code": lambda: forms.CharField(
        label=_("Postal code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    ),
}


class CensusCheckForm(forms.Form):
    def __init__(self, *args, field_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in field_names:
            self.fields[name] = FIELD_BUILDERS[name]()


class DocumentForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Type of document"), choices=DOCUMENT_TYPES)
    number = forms.CharField(label=_("Document number"), max_length=40)
    scan = forms.FileField(
        label=_("Scan or photo of the document"),
        validators=[validate_scan],
        help_text=_(
            "PDF or image. Only administrators see it, and it is deleted once they decide."
        ),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the person)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class LetterRequestForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    address = forms.CharField(
        label=_("Postal address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code printed in the letter"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )


class GrantFilterForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Method"),
        required=False,
        choices=lambda: [("", pgettext_lazy("feminine", "All")), *registry.choices()],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *GrantStatus.choices]
    )
