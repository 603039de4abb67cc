"""allauth's forms, scoped to the organisation, and our profile forms."""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from allauth.core import context
from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from participation.accounts import selectors
from participation.accounts.ratelimit_keys import normalise_email
from participation.models import User
from participation.models.users import ABOUT_MAX_LENGTH
from participation.uploads import validate_image

NICKNAME_HELP = _(
    "Shown with your contributions and in the address of your public profile. "
    "Letters, digits, hyphens and underscores."
)


def _organization():
    return getattr(context.request, "organization", None)


def _nickname_taken_error(organization, nickname: str) -> forms.ValidationError:
    return forms.ValidationError(
        _("This nickname is already used here. You could choose %(suggestion)s."),
        params={"suggestion": selectors.suggest_nickname(organization, nickname)},
        code="nickname_taken",
    )


class SignupForm(allauth_forms.SignupForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("Your name or a pseudonym, shown on your public profile."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    nickname = forms.SlugField(
        label=_("Nickname"),
        max_length=40,
        required=False,
        # Lazy on both sides: "+" would translate once, at import, in the default language.
        help_text=format_lazy(
            "{} {}", _("Leave empty to get one made from your name."), NICKNAME_HELP
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of service"),
        error_messages={"required": _("You must accept the terms of service to sign up.")},
    )
    newsletter = forms.BooleanField(
        label=_("I want to receive the newsletter (optional, you can stop at any time)"),
        required=False,
    )

    field_order = ["name", "nickname", "email", "password1", "password2", "accept_terms"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].widget.attrs.pop("placeholder", None)
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        self.fields["accept_terms"].help_text = format_html(
            '<a href="{}">{}</a>',
            reverse("participation:legal", args=["terms"]),
            _("Read the terms of service"),
        )

    def validate_unique_email(self, value: str) -> str:
        # allauth's check is global (ACCOUNT_UNIQUE_EMAIL is off); ours is per organisation.
        # Enumeration prevention: a known address gets the same answer as a new one (the
        # "check your mailbox" page) and its owner an "account already exists" e-mail
        # (allauth's try_save); no account is created.
        self.account_already_exists = selectors.email_taken(_organization(), value)
        return get_adapter().validate_unique_email(value)

    def clean_nickname(self) -> str:
        nickname = self.cleaned_data.get("nickname", "").lower()
        if nickname and selectors.nickname_taken(_organization(), nickname):
            raise _nickname_taken_error(_organization(), nickname)
        return nickname

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("nickname") and cleaned.get("name") and "nickname" not in self.errors:
            cleaned["nickname"] = selectors.suggest_nickname(_organization(), cleaned["name"])
        return cleaned


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """Only accounts of this organisation receive a reset link."""

    def clean_email(self) -> str:
        # Normalised as every rate-limit key made from an address (allauth keys the reset
        # limit on this value): a different spelling is the same account, the same limit.
        email = get_adapter().clean_email(normalise_email(self.cleaned_data["email"]))
        organization = _organization()
        self.users = [
            user
            for user in (
                User.objects.filter(organization=organization, email__iexact=email, is_active=True)
                if organization is not None
                else []
            )
            # An address a sign-in provider gave without vouching for it proves nothing:
            # its owner's mailbox never opens the provider-linked account (same answer).
            if not selectors.address_unproven_behind_provider(user)
        ]
        return email


class AddEmailForm(allauth_forms.AddEmailForm):
    """The change-address form. Enumeration prevention, as at sign-up: an address that
    another account of this organisation uses gets the very answer a free one gets (the
    new address is listed as awaiting confirmation, "confirmation e-mail sent"); its
    owner receives an "address already yours" e-mail instead of a confirmation link,
    and it can never be confirmed for this account (AccountAdapter)."""

    def save(self, request):
        current = EmailAddress.objects.filter(
            user=self.user, email__iexact=self.user.email, verified=False
        ).first()
        if current is None:
            return super().save(request)
        # allauth takes the newest unconfirmed address for the one being changed to and
        # deletes it: for an account whose own address is unconfirmed (made through a
        # provider that did not vouch for it) that is its address, and the account would
        # be left with none. Only an earlier address being changed to is replaced.
        with transaction.atomic():
            for pending in EmailAddress.objects.filter(user=self.user, verified=False).exclude(
                pk=current.pk
            ):
                pending.remove()
            instance = EmailAddress.objects.create(
                user=self.user, email=self.cleaned_data["email"].lower()
            )
        send_verification_email_to_address(request, instance)
        return instance


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    nickname = forms.SlugField(label=_("Nickname"), max_length=40, help_text=NICKNAME_HELP)
    avatar = forms.ImageField(
        label=_("Avatar"),
        required=False,
        validators=[validate_image],
        help_text=_("PNG, JPEG, GIF or WebP image, 5 MB at most."),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)
    about = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=ABOUT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy(
            _("Shown on your public profile, as plain text: {count} characters at most."),
            count=ABOUT_MAX_LENGTH,
        ),
    )
    personal_url = forms.URLField(
        label=_("Personal website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Optional: a link shown on your public profile."),
    )
    newsletter = forms.BooleanField(label=_("I want to receive the newsletter"), required=False)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if not user.avatar:
            del self.fields["remove_avatar"]

    def clean_nickname(self) -> str:
        nickname = self.cleaned_data["nickname"].lower()
        if selectors.nickname_taken(self.user.organization, nickname, exclude_user=self.user):
            raise _nickname_taken_error(self.user.organization, nickname)
        return nickname

    def clean_personal_url(self) -> str:
        url = self.cleaned_data["personal_url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Enter a web address (http or https)."))
        return url


class TermsAcceptanceForm(forms.Form):
    accept_terms = forms.BooleanField(
        label=_("I accept the new terms of service"),
        error_messages={"required": _("Tick the box to accept the terms of service.")},
    )


class OrganizationSecurityForm(forms.Form):
    require_admin_mfa = forms.BooleanField(
        label=_("Everyone who uses the back-office must use two-factor authentication"),
        required=False,
        help_text=_(
            "Organisation and space administrators, moderators, evaluators and collaborators "
            "without an authenticator app are asked to set one up before they reach the "
            "back-office, and for their code at every sign-in, with a password or a provider."
        ),
    )


class PublishTermsForm(forms.Form):
    text = forms.CharField(
        label=_("Terms of service"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "HTML allowed (headings, paragraphs, lists, links). Leave empty to keep the "
            "generic terms. Publishing asks every participant to accept the new version."
        ),
    )
