from django.contrib.contenttypes.models import ContentType

from participation.models import User
from participation.moderation.models import Moderation
from tests.factories import make_user


def _moderation(organization) -> Moderation:
    person = make_user(organization)
    return Moderation.objects.create(
        organization=organization,
        content_type=ContentType.objects.get_for_model(User),
        object_id=person.pk,
        target_label=person.nickname,
        report_count=1,
    )


ARGUMENTS = {
    f"admin/moderation/<int:pk>/{suffix}": (
        lambda organization, suffix=suffix: (
            f"/admin/moderation/{_moderation(organization).pk}/{suffix}"
        )
    )
    for suffix in ("", "hide/", "unhide/", "unreport/", "block/")
}
