"""allauth adapters bound to the request's organisation.

allauth is single-tenant: these hooks are where an account gets its
organisation, where sign-up is open or closed, and where e-mails speak in
the organisation's name.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.reauthentication import get_reauthentication_flows
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.accounts import selectors, services
from participation.accounts.signin import (
    PROVIDER_SIGN_IN_FLAG,
    did_recently_reauthenticate_with_provider,
)
from participation.client_ip import client_ip
from participation.models.organizations import SignInMethod
from participation.models.users import new_username
from participation.outbox.services import send_email
from participation.tenancy import organization_url


@dataclass(frozen=True)
class OrganizationSite:
    """Stands in for django.contrib.sites in allauth's e-mail templates."""

    name: str
    domain: str


def _on_organization_host(url: str) -> str:
    """An absolute URL allauth built from the request, moved to the organisation's
    primary host (settings.PUBLIC_SCHEME and PUBLIC_PORT)."""
    organization = getattr(context.request, "organization", None)
    parts = urlsplit(url)
    if organization is None or not parts.scheme:
        return url
    path = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return organization_url(organization, path)


def _taken_by_another_account(address) -> bool:
    user = address.user
    return user.organization_id is not None and selectors.email_taken(
        user.organization, address.email, exclude_user=user
    )


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        organization = getattr(request, "organization", None)
        return organization is not None and organization.allows(SignInMethod.EMAIL)

    def new_user(self, request):
        user = super().new_user(request)
        user.organization = request.organization
        user.username = new_username()
        return user

    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        # The organisation comes from the host, never from the form.
        user.organization = request.organization
        user.username = user.username or new_username()
        data = form.cleaned_data
        user.name = data.get("name", "")
        user.nickname = data.get("nickname", "")
        user.locale = getattr(request, "LANGUAGE_CODE", "") or ""
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.record_signup(
                user=user,
                accepted_terms=bool(data.get("accept_terms")),
                newsletter=bool(data.get("newsletter")),
            )
        return user

    STAGES = {
        "allauth.account.stages.EmailVerificationStage": (
            "participation.accounts.stages.EmailVerificationStage"
        ),
        "allauth.mfa.stages.AuthenticateStage": "participation.accounts.stages.AuthenticateStage",
    }

    def get_login_stages(self) -> list[str]:
        return [self.STAGES.get(path, path) for path in super().get_login_stages()]

    def get_reauthentication_methods(self, user) -> list[dict]:
        """Password, then authenticator app: e-mailed sign-in codes are not offered here.

        An account with neither (created through a provider) confirms it is
        theirs through a provider linked to it.
        """
        if not user.is_authenticated:
            return []
        flows = {flow["id"]: flow for flow in get_reauthentication_flows(user)}
        methods = []
        if "reauthenticate" in flows:
            methods.append(
                {
                    "id": "reauthenticate",
                    "description": _("Use your password"),
                    "url": reverse("account_reauthenticate"),
                }
            )
        mfa_types = flows.get("mfa_reauthenticate", {}).get("types", [])
        if "totp" in mfa_types or "recovery_codes" in mfa_types:
            methods.append(
                {
                    "id": "mfa_reauthenticate",
                    "description": _("Use your authenticator app or a recovery code"),
                    "url": reverse("mfa_reauthenticate"),
                }
            )
        if not methods:
            methods.append(
                {
                    "id": "provider_reauthenticate",
                    "description": _("Sign in again with a linked provider"),
                    "url": reverse("oidc:reauthenticate"),
                }
            )
        return methods

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # allauth knows only passwords, codes and authenticators: an account with
        # none of them has re-authenticated when a linked provider vouched for it
        # again within the last few minutes (participation.oidc "reauth" mode).
        request = context.request
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not get_reauthentication_flows(user)
            and did_recently_reauthenticate_with_provider(request)
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def reauthenticate(self, user, password: str) -> bool:
        # The signed-in account itself is checked: no e-mail lookup, so no
        # chance to match an account of another organisation.
        return user.is_active and user.check_password(password)

    def get_client_ip(self, request) -> str:
        # allauth's rate limits key on the same client address as every other limit.
        return client_ip(request)

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        # A provider sign-in that completes at once says so itself, naming the provider
        # (participation.oidc.views.callback): one message, not two.
        if message_template == "account/messages/logged_in.txt" and getattr(
            request, PROVIDER_SIGN_IN_FLAG, False
        ):
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def confirm_email(self, request, email_address) -> bool:
        # The address a sign-in provider gave without vouching for it is never confirmed
        # by e-mail while the account is linked: whoever clicks would make a mailbox the
        # way into an account that a provider identity (perhaps someone else's) opens.
        if selectors.address_unproven_behind_provider(email_address.user) and (
            email_address.email.lower() == email_address.user.email.lower()
        ):
            return False
        if _taken_by_another_account(email_address):
            return False  # another account of the organisation has it: never two
        return super().confirm_email(request, email_address)

    def send_confirmation_mail(self, request, emailconfirmation, signup) -> None:
        address = emailconfirmation.email_address
        if selectors.address_unproven_behind_provider(address.user) and (
            address.email.lower() == address.user.email.lower()
        ):
            return
        if _taken_by_another_account(address):
            # Enumeration prevention (AddEmailForm): the asker sees "confirmation sent";
            # the address's owner is told, with no link that could confirm it.
            organization = address.user.organization
            self.send_mail(
                "account/email/address_taken",
                address.email,
                {
                    "email": address.email,
                    "password_reset_url": organization_url(
                        organization, reverse("account_reset_password")
                    ),
                },
            )
            return
        super().send_confirmation_mail(request, emailconfirmation, signup)

    def format_email_subject(self, subject: str) -> str:
        organization = getattr(context.request, "organization", None)
        prefix = f"[{organization.name}] " if organization else ""
        return prefix + str(subject)

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_organization_host(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return _on_organization_host(super().get_email_confirmation_url(request, emailconfirmation))

    def send_password_reset_mail(self, user, email: str, context: dict) -> None:
        # To the account's own address, not to the spelling typed in the form.
        super().send_password_reset_mail(user, user.email, context)

    def send_mail(self, template_prefix: str, email: str, context_data: dict) -> None:
        request = context.request
        organization = getattr(request, "organization", None)
        ctx = {
            "request": request,
            "email": email,
            "organization": organization,
            # Links in e-mails name the organisation's configured host, never the host
            # (or port) the request came with.
            "current_site": OrganizationSite(
                name=organization.name if organization else "Décidons",
                domain=organization.host if organization else request.get_host(),
            ),
        }
        ctx.update(
            {
                key: _on_organization_host(value)
                if key.endswith("_url") and isinstance(value, str)
                else value
                for key, value in context_data.items()
            }
        )
        message = self.render_mail(template_prefix, email, ctx)
        # Through the outbox (recorded in this transaction, sent once it commits), so a
        # slow mail server or a broker that is down never holds or fails the request.
        send_email(subject=message.subject, body=message.body, recipients=list(message.to))


class MfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        # Whoever must have a second factor (back-office policy, operators) keeps it.
        from allauth.mfa.models import Authenticator

        if authenticator.type != Authenticator.Type.TOTP:
            return True
        return not selectors.must_have_second_factor(authenticator.user)

    def get_totp_issuer(self) -> str:
        organization = getattr(context.request, "organization", None)
        return organization.name if organization else super().get_totp_issuer()
