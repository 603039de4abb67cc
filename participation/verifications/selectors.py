"""Reads: the public API for other components, and the lists pages show.

``is_verified`` and ``verified_methods`` cost one query each; a method the
organisation has switched off no longer counts, even for existing grants.
"""

from django.db.models import Exists, OuterRef, QuerySet

from participation.verifications import registry
from participation.verifications.models import EnabledMethod, Grant, GrantStatus

GRANT_FILTERS = {"method", "status"}  # allow-list for the admin list


def _granted(user) -> QuerySet:
    enabled = EnabledMethod.objects.filter(
        organization_id=OuterRef("organization_id"), method=OuterRef("method")
    )
    return Grant.objects.filter(
        user_id=user.pk,
        organization_id=user.organization_id,
        status=GrantStatus.GRANTED,
    ).filter(Exists(enabled))


def is_verified(user, method: str) -> bool:
    if not getattr(user, "is_authenticated", False) or user.organization_id is None:
        return False
    return _granted(user).filter(method=method).exists()


def verified_methods(user) -> set[str]:
    if not getattr(user, "is_authenticated", False) or user.organization_id is None:
        return set()
    return set(_granted(user).values_list("method", flat=True))


def enabled_methods(organization) -> list[registry.VerificationMethod]:
    names = set(
        EnabledMethod.objects.filter(organization=organization).values_list("method", flat=True)
    )
    return [m for m in registry.all_methods() if m.name in names]


def resident_overview(user, organization) -> list[dict]:
    """Each enabled method with this person's latest grant (two queries)."""
    methods = enabled_methods(organization)
    latest: dict[str, Grant] = {}
    for grant in Grant.objects.filter(user=user, organization=organization).order_by(
        "created_at", "id"
    ):
        latest[grant.method] = grant
    return [{"method": m, "grant": latest.get(m.name)} for m in methods]


def latest_grant(user, method: str) -> Grant | None:
    return (
        Grant.objects.filter(user=user, organization_id=user.organization_id, method=method)
        .select_related("letter")
        .order_by("-created_at", "-id")
        .first()
    )


def grants_for_admin(organization, *, method: str = "", status: str = "") -> QuerySet:
    grants = Grant.objects.filter(organization=organization).select_related("user", "decided_by")
    if method in {m.name for m in registry.all_methods()}:
        grants = grants.filter(method=method)
    if status in GrantStatus.values:
        grants = grants.filter(status=status)
    return grants.order_by("-created_at", "-id")


def pending_documents(organization) -> QuerySet:
    return (
        Grant.objects.filter(
            organization=organization,
            method=registry.ID_DOCUMENT.name,
            status=GrantStatus.PENDING,
        )
        .select_related("user")
        .order_by("created_at", "id")
    )


def pending_letters(organization) -> QuerySet:
    from participation.verifications.models import PostalLetter

    return (
        PostalLetter.objects.filter(organization=organization, grant__status=GrantStatus.PENDING)
        .select_related("grant__user")
        .order_by("sent_at", "pk")
    )
