"""allauth adapters bound to the request's organisation.

allauth is single-tenant: these hooks are where an account gets its
organisation, where sign-up is open or closed, and where e-mails speak in
the organisation's name.
"""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.reauthentication import get_reauthentication_flows
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.db import transaction
from django.urls import reverse

from participation.accounts import services
from participation.models.organizations import SignInMethod
from participation.models.users import new_username
from participation.outbox.services import send_email


@dataclass(frozen=True)
class OrganizationSite:
    """Stands in for django.contrib.sites in allauth's e-mail templates."""

    name: str
    domain: str


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

    def get_login_stages(self) -> list[str]:
        return [
            "participation.accounts.stages.EmailVerificationStage"
            if path == "allauth.account.stages.EmailVerificationStage"
            else path
            for path in super().get_login_stages()
        ]

    def get_reauthentication_methods(self, user) -> list[dict]:
        """Password, then authenticator app: e-mailed sign-in codes are not offered here."""
        if not user.is_authenticated:
            return []
        flows = {flow["id"]: flow for flow in get_reauthentication_flows(user)}
        methods = []
        if "reauthenticate" in flows:
            methods.append({"id": "reauthenticate", "url": reverse("account_reauthenticate")})
        mfa_types = flows.get("mfa_reauthenticate", {}).get("types", [])
        if "totp" in mfa_types or "recovery_codes" in mfa_types:
            methods.append({"id": "mfa_reauthenticate", "url": reverse("mfa_reauthenticate")})
        return methods

    def reauthenticate(self, user, password: str) -> bool:
        # The signed-in account itself is checked: no e-mail lookup, so no
        # chance to match an account of another organisation.
        return user.is_active and user.check_password(password)

    def format_email_subject(self, subject: str) -> str:
        organization = getattr(context.request, "organization", None)
        prefix = f"[{organization.name}] " if organization else ""
        return prefix + str(subject)

    def send_mail(self, template_prefix: str, email: str, context_data: dict) -> None:
        request = context.request
        organization = getattr(request, "organization", None)
        ctx = {
            "request": request,
            "email": email,
            "organization": organization,
            "current_site": OrganizationSite(
                name=organization.name if organization else "Décidons",
                domain=request.get_host(),
            ),
        }
        ctx.update(context_data)
        message = self.render_mail(template_prefix, email, ctx)
        # Through the outbox (recorded in this transaction, sent once it commits), so a
        # slow mail server or a broker that is down never holds or fails the request.
        send_email(subject=message.subject, body=message.body, recipients=list(message.to))


class MfaAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        organization = getattr(context.request, "organization", None)
        return organization.name if organization else super().get_totp_issuer()
