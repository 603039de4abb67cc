from django import forms
from django.utils.translation import gettext_lazy as _

from participation.notifications import registry
from participation.notifications.models import EmailMode


class SettingsForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=_("E-mails about your notifications"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
    )
    enabled_events = forms.MultipleChoiceField(
        label=_("Notify me about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick what you do not want to hear about, on the site or by e-mail."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enabled_events"].choices = [
            (name, label) for name, label in sorted(registry.events().items())
        ]

    def disabled_events(self) -> list[str]:
        enabled = set(self.cleaned_data["enabled_events"])
        return [name for name in registry.events() if name not in enabled]


class FollowForm(forms.Form):
    key = forms.CharField(max_length=100)
    object_id = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("follow", "follow"), ("unfollow", "unfollow")])
    next = forms.CharField(max_length=500, required=False)


class NewsletterForm(forms.ModelForm):
    spaces = forms.MultipleChoiceField(
        label=_("Spaces"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "With “Followers”: whose followers receive it. With “Participants”: where "
            "they took part (leave empty to choose by area only)."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Areas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "With “Participants”, optional: only those who took part in these areas "
            "(on content of these areas, or in spaces about them)."
        ),
        error_messages={
            "invalid_choice": _("%(value)s is not one of this organisation's areas."),
        },
    )

    class Meta:
        from participation.notifications.models import Newsletter

        model = Newsletter
        fields = ["title", "body", "audience", "spaces", "scopes"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14}), "audience": forms.RadioSelect}
        help_texts = {
            "body": _("Paragraphs, headings, lists and links (unsafe markup is removed)."),
        }

    def __init__(self, *args, organization, **kwargs):
        from participation.notifications.newsletters import scope_choices, space_choices

        super().__init__(*args, **kwargs)
        self.fields["spaces"].choices = space_choices(organization)
        self.fields["scopes"].choices = scope_choices(organization)
        if self.instance.pk:
            self.initial["scopes"] = [str(pk) for pk in self.instance.scopes]

    def clean_scopes(self) -> list[int]:
        return [int(value) for value in self.cleaned_data["scopes"]]
