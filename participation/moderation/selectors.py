"""Reading moderation state; ``exclude_hidden`` is what other apps call on their listings."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from participation.moderation.models import Moderation, ModerationSettings
from participation.moderation.permissions import moderated_spaces_q


def exclude_hidden(queryset: QuerySet) -> QuerySet:
    """``queryset`` without its hidden items (a sub-query: no extra round trip per row)."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    hidden = Moderation.objects.filter(content_type=content_type, hidden_at__isnull=False)
    return queryset.exclude(pk__in=hidden.values("object_id"))


visible_only = exclude_hidden


def moderation_of(obj) -> Moderation | None:
    return Moderation.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).first()


def is_hidden(obj) -> bool:
    return Moderation.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        hidden_at__isnull=False,
    ).exists()


def hide_threshold(organization) -> int:
    settings_row = ModerationSettings.objects.filter(organization=organization).first()
    return settings_row.hide_threshold if settings_row else 3


def queue(*, user, organization) -> QuerySet:
    """Items this person may moderate: reported or hidden, newest activity first."""
    items = Moderation.objects.filter(organization=organization).filter(
        Q(report_count__gt=0) | Q(hidden_at__isnull=False)
    )
    if not user.is_admin_of(organization):
        items = items.filter(moderated_spaces_q(user=user, organization=organization))
    return items.select_related("content_type")
