"""Reads for the participants back-office: one organisation, fixed number of queries."""

from django.db.models import Count, Q, QuerySet

from participation.models import User
from participation.privacy.display import DELETED_EMAIL_DOMAIN

# Columns the list and the CSV read: nothing else (never the password hash) is fetched.
LISTED_FIELDS = (
    "id",
    "organization_id",
    "email",
    "name",
    "nickname",
    "is_active",
    "is_org_admin",
    "date_joined",
    "last_login",
)


def participants(organization) -> QuerySet[User]:
    """The organisation's accounts, deleted ones left out, with their verification count."""
    return (
        User.objects.filter(organization=organization)
        .exclude(email__endswith="@" + DELETED_EMAIL_DOMAIN)
        .only(*LISTED_FIELDS)
        .annotate(
            verified_count=Count(
                "verification_grants", filter=Q(verification_grants__status="granted")
            )
        )
        .order_by("name", "email", "pk")
    )


def participant(organization, user_id: int) -> User | None:
    return participants(organization).filter(pk=user_id).first()
