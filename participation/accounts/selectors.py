"""Reads about accounts: terms versions, verified state, two-factor requirements."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.db import transaction
from django.utils.text import slugify

from participation.accounts.models import OrganizationSecurity, OrganizationTerms
from participation.models import User
from participation.selectors.groups import groups_of

DEFAULT_TERMS_VERSION = 1


def current_terms(organization) -> OrganizationTerms | None:
    return OrganizationTerms.objects.filter(organization=organization).first()


_TERMS_KEY = "accounts:terms-version:{}"
TERMS_CACHE_SECONDS = 600


def published_terms_version(organization) -> int | None:
    """The version of the organisation's own terms (None: none published), for the terms
    gate every signed-in request passes: from the cache, forgotten when terms change."""
    key = _TERMS_KEY.format(organization.pk)
    version = cache.get(key)
    if version is None:
        terms = current_terms(organization)
        version = terms.version if terms else 0
        cache.set(key, version, TERMS_CACHE_SECONDS)
    return version or None


def forget_terms_version(sender=None, instance=None, using=None, **kwargs) -> None:
    key = _TERMS_KEY.format(instance.organization_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), using=using)


def current_terms_version(organization) -> int:
    terms = current_terms(organization)
    return terms.version if terms else DEFAULT_TERMS_VERSION


def terms_gate_applies(organization) -> bool:
    """Acceptance is re-asked once an organisation has published its own terms.

    Accounts created before (by invitation, import or the demo) accepted
    nothing in this app; until the organisation publishes terms they keep
    working, and the first publication asks everybody.
    """
    return (
        organization is not None
        and OrganizationTerms.objects.filter(organization=organization).exists()
    )


def has_accepted_current_terms(user) -> bool:
    organization = user.organization
    if not terms_gate_applies(organization):
        return True
    return user.terms_acceptances.filter(version=current_terms_version(organization)).exists()


def has_verified_email(user) -> bool:
    """Self-registered accounts must confirm their address before taking part.

    Sign-up always records an allauth EmailAddress; accounts with none were
    provisioned by a trusted path (an operator, an invitation that proved the
    address, the demo) and count as verified.
    """
    addresses = EmailAddress.objects.filter(user=user)
    if not addresses.exists():
        return True
    return addresses.filter(email__iexact=user.email, verified=True).exists()


def address_unproven_behind_provider(user) -> bool:
    """The account's address came from a sign-in provider that did not vouch for it.

    Such an account (company single sign-on without ``email_verified``) is linked
    to a provider identity and its address record is unconfirmed: the provider
    could have given anyone's address. E-mail never opens it (password reset) nor
    confirms that address while it stays linked — see participation/oidc/__init__.py.
    """
    from participation.oidc.models import IdentityLink

    if not user.pk or not user.email:
        return False
    return (
        EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=False).exists()
        and not EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
        and IdentityLink.objects.filter(user=user).exists()
    )


def admin_mfa_required(organization) -> bool:
    return OrganizationSecurity.objects.filter(
        organization=organization, require_admin_mfa=True
    ).exists()


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def must_have_second_factor(user) -> bool:
    """Operators always; anyone who reaches the back-office (organisation and space
    administrators, moderators, evaluators, collaborators) when the organisation
    requires two-factor authentication there."""
    from participation.backoffice.registry import may_enter

    if not user.is_authenticated:
        return False
    if user.is_operator:
        return True
    organization = user.organization
    return (
        organization is not None
        and admin_mfa_required(organization)
        and may_enter(user, organization)
    )


def must_set_up_second_factor(user) -> bool:
    return must_have_second_factor(user) and not has_totp(user)


def nickname_taken(organization, nickname: str, *, exclude_user=None) -> bool:
    users = User.objects.filter(organization=organization, nickname__iexact=nickname)
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.exists()


def email_taken(organization, email: str, *, exclude_user=None) -> bool:
    users = User.objects.filter(organization=organization, email__iexact=email)
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.exists()


def suggest_nickname(organization, seed: str) -> str:
    """A free nickname built from a name or an e-mail's local part."""
    base = slugify(seed.split("@")[0])[:34].strip("-") or "participant"
    candidate, number = base, 2
    while nickname_taken(organization, candidate):
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def profile_is_public(person) -> bool:
    """Whether ``person``'s profile (page, avatar, links to it) is shown to everyone:
    an active account, not deleted, not hidden by moderation."""
    from participation.moderation.selectors import is_hidden
    from participation.privacy.display import DELETED_EMAIL_DOMAIN

    return (
        person is not None
        and person.is_active
        and not (person.email or "").lower().endswith("@" + DELETED_EMAIL_DOMAIN)
        and not is_hidden(person)
    )


def public_profile(organization, nickname: str, *, viewer=None) -> User | None:
    """The profile page's person: never a blocked (inactive) or deleted account, nor one
    hidden by moderation — except for the organisation's administrators, who moderate
    people."""
    from participation.moderation.selectors import exclude_hidden
    from participation.privacy.display import DELETED_EMAIL_DOMAIN

    people = (
        User.objects.filter(organization=organization, nickname=nickname, is_active=True)
        .exclude(nickname="")
        .exclude(email__iendswith="@" + DELETED_EMAIL_DOMAIN)
    )
    if viewer is None or not viewer.is_authenticated or not viewer.is_admin_of(organization):
        people = exclude_hidden(people)
    return people.first()


TABS = ("activity", "follows", "followers", "groups")


def profile_counts(person, viewer) -> dict[str, int]:
    """The figures of the profile's tabs, as ``viewer`` may see them: four COUNT queries
    (one of them a UNION of every contribution source)."""
    from participation.accounts import contributions
    from participation.notifications.selectors import followers, public_follows

    return {
        "activity": contributions.count(person.organization, person, viewer),
        "follows": public_follows(person=person, viewer=viewer).count(),
        "followers": followers(person=person).count(),
        "groups": groups_of(person, viewer).count(),
    }
