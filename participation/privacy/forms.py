from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    """Password for accounts that have one, a typed sentence for the others.

    The service checks the answer; the form only collects it.
    """

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=True,
    )
    confirmation = forms.CharField(label=_("Confirmation"), max_length=100, required=True)
    reason = forms.CharField(
        label=_("Why are you leaving? (optional, helps us improve)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, user, phrase: str, **kwargs):
        super().__init__(*args, **kwargs)
        if user.has_usable_password():
            del self.fields["confirmation"]
        else:
            del self.fields["password"]
            self.fields["confirmation"].help_text = _("Type: %(phrase)s") % {"phrase": phrase}


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the activity log)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
