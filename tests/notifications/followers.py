"""A published process followed by many people, for the fan-out tests with a real worker."""

from django.contrib.contenttypes.models import ContentType

from participation.models import User
from participation.models.users import new_username
from participation.notifications.models import Follow
from tests.factories import ProcessFactory


def process_with_followers(organization, *, count: int, email_prefix: str):
    """(the process, its ``count`` followers), created in bulk."""
    process = ProcessFactory(
        organization=organization, slug="p", title="P", published_at="2026-01-01T00:00Z"
    )
    users = User.objects.bulk_create(
        [
            User(
                organization=organization,
                username=new_username(),
                email=f"{email_prefix}{i}@example.org",
            )
            for i in range(count)
        ]
    )
    content_type = ContentType.objects.get_for_model(process)
    Follow.objects.bulk_create(
        [
            Follow(
                organization=organization, user=u, content_type=content_type, object_id=process.pk
            )
            for u in users
        ]
    )
    return process, users
