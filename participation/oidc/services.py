"""State changes of the OpenID Connect sign-in: provider configuration and sign-ins.

Provider configuration is for operators (or the server's command line,
actor=None). Sign-ins are made by the protocol on behalf of the visitor.
"""

from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from participation.action_log import diff
from participation.errors import ErrorCode, ServiceError
from participation.models import Organization, User
from participation.models.users import new_username
from participation.oidc import events, protocol
from participation.oidc.models import (
    FRANCECONNECT_DISCOVERY,
    GOOGLE_DISCOVERY,
    IdentityLink,
    IdentityProvider,
    Platform,
    ProviderKind,
)
from participation.oidc.signals import identity_confirmed
from participation.privacy.display import people_changed

CONFIG_FIELDS = ("kind", "name", "slug", "platform", "discovery_url", "client_id")


def _check_operator(actor: User | None) -> None:
    # actor=None is the command line, run by whoever administers the server.
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
        provider.discovery_url = provider.discovery_url or GOOGLE_DISCOVERY
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
    actor: User | None,
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
    events.provider_created(
        organization=organization,
        actor=actor,
        target=provider,
        changes=diff({}, _snapshot(provider)),
    )
    return provider


@transaction.atomic
def update_provider(
    *,
    actor: User | None,
    provider: IdentityProvider,
    client_secret: str = "",
    **fields: Any,
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
    events.provider_updated(
        organization=provider.organization,
        actor=actor,
        target=provider,
        changes=changes,
    )
    return provider


@transaction.atomic
def delete_provider(*, actor: User | None, provider: IdentityProvider) -> None:
    _check_operator(actor)
    events.provider_deleted(
        organization=provider.organization,
        actor=actor,
        target=provider,
        changes=diff(_snapshot(provider), {}),
    )
    provider.delete()


def configure_signin(
    *,
    actor: User | None,
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
    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


def _email_is_verified(provider: IdentityProvider, claims: dict) -> bool:
    if claims.get("email_verified") is True:
        return True
    # FranceConnect sends no email_verified: the address comes from the State's
    # identity providers (tax office, health insurance...), which verified it.
    return provider.is_franceconnect and "email_verified" not in claims


def _check_organization(organization: Organization, provider: IdentityProvider) -> None:
    if provider.organization_id != organization.pk:
        # Tokens are bound to the organisation whose provider issued them.
        raise SignInRefused(protocol.GENERIC_FAILURE)


def _announce_identity(
    user: User, provider: IdentityProvider, claims: dict, organization: Organization
) -> None:
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


def sign_in_with_claims(
    *, organization: Organization, provider: IdentityProvider, sub: str, claims: dict
) -> User:
    """The account of ``organization`` for this identity: the linked one, or a new one.

    An identity is never attached to an existing account because the e-mail
    addresses match (see ``_find_or_create_user``): attaching a provider to an
    account happens only from inside that account (``link_identity``).
    The caller still has to run the account's second factor before logging in.
    """
    _check_organization(organization, provider)
    with transaction.atomic():
        user = _find_or_create_user(organization, provider, sub, claims)
        _record_link(organization, provider, sub, user, claims)
        events.signed_in(
            organization=organization,
            actor=user,
            target=user,
            changes={"provider": [None, provider.slug]},
        )
        _announce_identity(user, provider, claims, organization)
    return user


def _record_link(
    organization: Organization, provider: IdentityProvider, sub: str, user: User, claims: dict
) -> tuple[IdentityLink, bool]:
    """The identity (provider + subject) now signs into ``user``, with its latest claims;
    (the link, whether it is new)."""
    return IdentityLink.objects.update_or_create(
        provider=provider,
        sub=sub,
        defaults={
            "organization": organization,
            "user": user,
            "claims": claims,
            "last_sign_in_at": timezone.now(),
        },
    )


def is_unconfirmed_signup(*, user: User) -> bool:
    """A self-registered account whose e-mail address was never confirmed.

    Sign-up records an allauth EmailAddress; until it is confirmed the account
    cannot sign in (mandatory verification). Accounts with no address record
    were provisioned by a trusted path (invitation, operator, provider) and
    count as confirmed, like accounts linked to a provider or with a second factor.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    addresses = EmailAddress.objects.filter(user=user)
    return (
        addresses.exists()
        and not addresses.filter(verified=True).exists()
        and not IdentityLink.objects.filter(user=user).exists()
        and not Authenticator.objects.filter(user=user).exists()
        and user.last_login is None
        and not user.is_org_admin
        and not user.is_staff
    )


def _collision_refused(provider: IdentityProvider) -> SignInRefused:
    return SignInRefused(
        _(
            "An account of this site already uses the e-mail address given by %(provider)s. "
            "If it is yours, sign in with its password (and its second factor), then add "
            "%(provider)s under “Sign-in methods” on your account page. Nothing was linked."
        )
        % {"provider": provider}
    )


def _find_or_create_user(
    organization: Organization, provider: IdentityProvider, sub: str, claims: dict
) -> User:
    """The linked account, or a new one. Never an existing account matched by e-mail.

    - a confirmed account with the same address: refused, with the way to link
      the provider from inside that account;
    - an unconfirmed sign-up with the same address (perhaps made by someone else
      beforehand, to take the account over once its owner arrives): deleted and
      replaced by a new account, never merged, when the provider vouches for the
      address; refused otherwise.
    """
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
    existing = User.objects.of(organization).filter(email__iexact=email).select_for_update().first()
    if existing is not None:
        if not (is_unconfirmed_signup(user=existing) and _email_is_verified(provider, claims)):
            raise _collision_refused(provider)
        events.unconfirmed_account_replaced(
            organization=organization,
            actor=None,
            target=organization,
            changes={"provider": [None, provider.slug]},
        )
        existing.delete()
        people_changed(organization.pk)
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
    if not _email_is_verified(provider, claims):
        # The provider did not vouch for the address: recorded unconfirmed, so that
        # e-mail (a password reset) never opens this provider-linked account.
        EmailAddress.objects.create(user=user, email=email.lower(), verified=False, primary=True)
    return user


# --- Sign-in methods of an account ----------------------------------------------------


def linked_identity(*, user: User, provider: IdentityProvider, sub: str) -> IdentityLink | None:
    """The link of ``user`` for this identity, if the identity is theirs."""
    return IdentityLink.objects.filter(
        user=user, provider=provider, sub=sub, organization=user.organization_id
    ).first()


@transaction.atomic
def link_identity(
    *, actor: User, organization: Organization, provider: IdentityProvider, sub: str, claims: dict
) -> IdentityLink:
    """Attach a provider identity to the signed-in account (from its account page).

    The view checks the person re-authenticated just before (password and
    second factor); here: the account is the actor's own, of this organisation,
    and the identity is not already another account's.
    """
    _check_organization(organization, provider)
    if actor is None or not actor.is_active or actor.organization_id != organization.pk:
        raise SignInRefused(_("You can only change your own account."))
    existing = IdentityLink.objects.select_for_update().filter(provider=provider, sub=sub).first()
    if existing is not None and existing.user_id != actor.pk:
        raise SignInRefused(
            _(
                "This %(provider)s identity is already linked to another account of this site. "
                "Nothing was changed."
            )
            % {"provider": provider}
        )
    if existing is None and IdentityLink.objects.filter(user=actor, provider=provider).exists():
        raise SignInRefused(
            _(
                "Your account is already linked to another %(provider)s identity: remove it "
                "first. Nothing was changed."
            )
            % {"provider": provider}
        )
    link, created = _record_link(organization, provider, sub, actor, claims)
    if created:
        events.identity_linked(
            organization=organization,
            actor=actor,
            target=actor,
            changes={"provider": [None, provider.slug]},
        )
    _announce_identity(actor, provider, claims, organization)
    return link


def can_remove_link(*, user: User, link: IdentityLink) -> bool:
    """Whether another way in remains: a usable password, or another provider the
    organisation still offers on its sign-in page."""
    methods = (user.organization.sign_in_methods or []) if user.organization else []
    if link.provider.kind not in methods:
        return True  # not offered on the sign-in page: not a way in anyway
    return (
        user.has_usable_password()
        or IdentityLink.objects.filter(user=user, provider__kind__in=methods)
        .exclude(pk=link.pk)
        .exists()
    )


@transaction.atomic
def unlink_identity(*, actor: User, link_id: int) -> None:
    if actor is None or not actor.is_authenticated:
        raise ServiceError(_("You can only change your own account."), ErrorCode.PERMISSION_DENIED)
    user = User.objects.select_for_update().get(pk=actor.pk)
    link = (
        IdentityLink.objects.select_related("provider")
        .filter(pk=link_id, user=user, organization=user.organization_id)
        .first()
    )
    if link is None:
        raise ServiceError(
            _("This sign-in method is not linked to your account."), ErrorCode.INVALID
        )
    if not can_remove_link(user=user, link=link):
        raise ServiceError(
            _(
                "This is the only way into your account: set a password or link another "
                "provider before removing it."
            ),
            ErrorCode.INVALID,
        )
    events.identity_unlinked(
        organization=user.organization,
        actor=actor,
        target=user,
        changes={"provider": [link.provider.slug, None]},
    )
    link.delete()
