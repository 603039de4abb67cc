"""State changes of the OpenID Connect sign-in: provider configuration and sign-ins.

Provider configuration is for operators (or the server's command line,
actor=None). Sign-ins are made by the protocol on behalf of the visitor.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.action_log import diff, log_action
from participation.errors import ErrorCode, ServiceError
from participation.models import Organization, User
from participation.models.users import new_username
from participation.oidc import protocol
from participation.oidc.models import (
    FRANCECONNECT_DISCOVERY,
    IdentityLink,
    IdentityProvider,
    Platform,
    ProviderKind,
)
from participation.oidc.signals import identity_confirmed

CONFIG_FIELDS = ("kind", "name", "slug", "platform", "discovery_url", "client_id")


def _check_operator(actor) -> None:
    if actor is not None and not actor.is_operator:
        raise ServiceError(
            _("Only operators can configure sign-in providers."), ErrorCode.PERMISSION_DENIED
        )


def _snapshot(provider: IdentityProvider) -> dict:
    # The secret never reaches the activity log; only the fact that it changed.
    return {field: getattr(provider, field) for field in CONFIG_FIELDS}


def _normalise(provider: IdentityProvider) -> None:
    if provider.kind == ProviderKind.FRANCECONNECT:
        provider.platform = provider.platform or Platform.INTEGRATION
        provider.slug = "franceconnect"
        provider.discovery_url = (
            provider.discovery_url or FRANCECONNECT_DISCOVERY[provider.platform]
        )
        provider.name = provider.name or "FranceConnect"
    else:
        provider.platform = ""
    if provider.kind == ProviderKind.GOOGLE:
        provider.discovery_url = provider.discovery_url or protocol.GOOGLE_DISCOVERY
        provider.name = provider.name or "Google"


def _validate(provider: IdentityProvider) -> None:
    errors = {}
    problem = protocol.url_problem(provider.discovery_url or "", provider.kind)
    if provider.discovery_url and problem:
        errors["discovery_url"] = [problem]
    if provider.kind != ProviderKind.FRANCECONNECT and provider.slug == "franceconnect":
        errors["slug"] = [_("This short name is reserved for FranceConnect.")]
    if errors:
        raise ValidationError(errors)
    provider.full_clean(exclude=["organization"], validate_constraints=False)
    others = IdentityProvider.objects.filter(organization=provider.organization).exclude(
        pk=provider.pk
    )
    if provider.kind == ProviderKind.FRANCECONNECT and others.filter(kind=provider.kind).exists():
        raise ServiceError(
            _("This organisation already has a FranceConnect configuration."), ErrorCode.NAME_TAKEN
        )
    if others.filter(slug=provider.slug).exists():
        raise ServiceError(
            _("This organisation already has a provider with this short name."),
            ErrorCode.NAME_TAKEN,
            field="slug",
        )


def _save(provider: IdentityProvider) -> None:
    try:
        with transaction.atomic():
            provider.save()
    except IntegrityError as error:
        # Two operators saved the same short name at once.
        raise ServiceError(
            _("This organisation already has a provider with this short name."),
            ErrorCode.NAME_TAKEN,
            field="slug",
        ) from error


@transaction.atomic
def create_provider(
    *,
    actor,
    organization: Organization,
    kind: str,
    client_id: str,
    client_secret: str,
    discovery_url: str = "",
    name: str = "",
    slug: str = "",
    platform: str = "",
) -> IdentityProvider:
    _check_operator(actor)
    if not client_secret:
        raise ServiceError(_("Enter the client secret."), ErrorCode.INVALID, field="client_secret")
    provider = IdentityProvider(
        organization=organization,
        kind=kind,
        name=name.strip(),
        slug=slug.strip(),
        platform=platform,
        discovery_url=discovery_url.strip(),
        client_id=client_id.strip(),
        client_secret=client_secret,
    )
    _normalise(provider)
    _validate(provider)
    _save(provider)
    log_action(
        organization=organization,
        actor=actor,
        action="oidc.provider_created",
        target=provider,
        changes=diff({}, _snapshot(provider)),
    )
    return provider


@transaction.atomic
def update_provider(
    *, actor, provider: IdentityProvider, client_secret: str = "", **fields
) -> IdentityProvider:
    """Updates the given fields; an empty client_secret keeps the stored one."""
    _check_operator(actor)
    provider = IdentityProvider.objects.select_for_update().get(pk=provider.pk)
    before = _snapshot(provider)
    for field, value in fields.items():
        if field not in CONFIG_FIELDS or field == "kind":
            raise ServiceError(_("This setting cannot be changed."), ErrorCode.INVALID)
        setattr(provider, field, value.strip() if isinstance(value, str) else value)
    if client_secret:
        provider.client_secret = client_secret
    if (
        provider.kind == ProviderKind.FRANCECONNECT
        and "platform" in fields
        and not fields.get("discovery_url")
    ):
        # A new platform without an explicit URL means that platform's default one.
        provider.discovery_url = FRANCECONNECT_DISCOVERY.get(provider.platform, "")
    _normalise(provider)
    _validate(provider)
    _save(provider)
    changes = diff(before, _snapshot(provider))
    if client_secret:
        changes["client_secret"] = ["…", "…"]
    log_action(
        organization=provider.organization,
        actor=actor,
        action="oidc.provider_updated",
        target=provider,
        changes=changes,
    )
    return provider


@transaction.atomic
def delete_provider(*, actor, provider: IdentityProvider) -> None:
    _check_operator(actor)
    log_action(
        organization=provider.organization,
        actor=actor,
        action="oidc.provider_deleted",
        target=provider,
        changes=diff(_snapshot(provider), {}),
    )
    provider.delete()


def configure_signin(
    *,
    actor,
    organization: Organization,
    provider_key: str,
    client_id: str,
    client_secret: str,
    discovery_url: str = "",
    platform: str = "",
    kind: str = "",
    name: str = "",
) -> tuple[IdentityProvider, bool]:
    """Creates or updates the provider ``provider_key`` ("franceconnect" or a slug)."""
    if provider_key == "franceconnect":
        kind = ProviderKind.FRANCECONNECT
    elif platform:
        raise ServiceError(_("--platform is only for FranceConnect."), ErrorCode.INVALID)
    existing = IdentityProvider.objects.filter(organization=organization, slug=provider_key).first()
    if existing is None:
        provider = create_provider(
            actor=actor,
            organization=organization,
            kind=kind or ProviderKind.OIDC,
            client_id=client_id,
            client_secret=client_secret,
            discovery_url=discovery_url,
            name=name or ("" if provider_key == "franceconnect" else provider_key),
            slug=provider_key,
            platform=platform,
        )
        return provider, True
    if kind and kind != existing.kind:
        raise ServiceError(_("The kind of an existing provider cannot change."), ErrorCode.INVALID)
    fields = {"client_id": client_id}
    if discovery_url or platform:
        fields["discovery_url"] = discovery_url
    if platform:
        fields["platform"] = platform
    if name:
        fields["name"] = name
    provider = update_provider(
        actor=actor, provider=existing, client_secret=client_secret, **fields
    )
    return provider, False


# --- Signing in -------------------------------------------------------------------


class SignInRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _email_is_verified(provider: IdentityProvider, claims: dict) -> bool:
    if claims.get("email_verified") is True:
        return True
    # FranceConnect sends no email_verified: the address comes from the State's
    # identity providers (tax office, health insurance...), which verified it.
    return provider.is_franceconnect and "email_verified" not in claims


def sign_in_with_claims(
    *, organization: Organization, provider: IdentityProvider, sub: str, claims: dict
) -> User:
    """The account of ``organization`` for this identity: linked, matched or created."""
    if provider.organization_id != organization.pk:
        # Tokens are bound to the organisation whose provider issued them.
        raise SignInRefused(protocol.GENERIC_FAILURE)
    with transaction.atomic():
        user = _find_or_create_user(organization, provider, sub, claims)
        IdentityLink.objects.update_or_create(
            provider=provider,
            sub=sub,
            defaults={
                "organization": organization,
                "user": user,
                "claims": claims,
                "last_sign_in_at": timezone.now(),
            },
        )
        log_action(
            organization=organization,
            actor=user,
            action="oidc.signed_in",
            target=user,
            changes={"provider": [None, provider.slug]},
        )
        if provider.is_franceconnect:
            transaction.on_commit(
                lambda: identity_confirmed.send(
                    sender=IdentityLink,
                    user=user,
                    provider_kind=ProviderKind.FRANCECONNECT.value,
                    claims=claims,
                    organization=organization,
                )
            )
    return user


def _find_or_create_user(organization, provider, sub: str, claims: dict) -> User:
    link = (
        IdentityLink.objects.select_related("user")
        .filter(provider=provider, sub=sub, organization=organization)
        .first()
    )
    if link is not None:
        if not link.user.is_active:
            raise SignInRefused(_("This account is deactivated."))
        return link.user
    email = (claims.get("email") or "").strip()
    if not email:
        raise SignInRefused(
            _("Your identity provider did not share your e-mail address, which is required.")
        )
    existing = User.objects.of(organization).filter(email__iexact=email).first()
    if existing is not None:
        if not _email_is_verified(provider, claims):
            raise SignInRefused(
                _(
                    "An account already uses this e-mail address. Sign in with your password "
                    "first; your identity provider did not confirm the address."
                )
            )
        if not existing.is_active:
            raise SignInRefused(_("This account is deactivated."))
        return existing
    name = " ".join(p for p in (claims.get("given_name"), claims.get("family_name")) if p)
    user = User(
        organization=organization,
        username=new_username(),
        email=email,
        name=(name or claims.get("name") or "")[:150],
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        # Two sign-ins raced for the same address.
        raise SignInRefused(protocol.GENERIC_FAILURE) from error
    return user
