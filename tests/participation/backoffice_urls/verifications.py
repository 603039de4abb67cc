import uuid

from django.core.files.base import ContentFile

from participation.verifications.models import Grant, GrantStatus
from tests.factories import make_user


def _pending_document(organization) -> int:
    grant = Grant.objects.create(
        organization=organization, user=make_user(organization), method="id_document"
    )
    grant.scan.save("scan.png", ContentFile(b"\x89PNG fake scan"), save=True)
    return grant.pk


def _granted_census(organization) -> int:
    grant = Grant.objects.create(
        organization=organization,
        user=make_user(organization),
        method="census",
        status=GrantStatus.GRANTED,
        fingerprint=uuid.uuid4().hex,
    )
    return grant.pk


ARGUMENTS = {
    **{
        f"admin/verifications/documents/<int:grant_id>/{suffix}": (
            lambda organization, suffix=suffix: (
                f"/admin/verifications/documents/{_pending_document(organization)}/{suffix}"
            )
        )
        for suffix in ("", "scan/", "accept/", "reject/")
    },
    "admin/verifications/grants/<int:grant_id>/revoke/": lambda organization: (
        f"/admin/verifications/grants/{_granted_census(organization)}/revoke/"
    ),
}
