"""Reading moderation state; ``exclude_hidden`` is what other apps call on their listings."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from participation.moderation.models import Moderation, ModerationSettings, Report, ReportReason
from participation.moderation.permissions import moderated_spaces_q
from participation.moderation.registry import Place, Reportable, reportable_for


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


@dataclass(frozen=True)
class Described:
    """What moderators (and the resident reporting it) read about an item."""

    title: str
    excerpt: str
    author: Any
    context: tuple[Place, ...]


def describe(reportable: Reportable, item) -> Described:
    """``item`` as its reportable declares it (loaded through ``reportable.prepare``)."""
    return Described(
        title=str(reportable.title(item)),
        excerpt=reportable.excerpt(item),
        author=reportable.author(item),
        context=tuple(reportable.context(item)),
    )


def described_item(reportable: Reportable, queryset: QuerySet, pk) -> tuple[Any, Described | None]:
    """One item of ``queryset`` (None if absent) and its description, loaded together."""
    item = reportable.prepare(queryset.filter(pk=pk)).first()
    return item, (describe(reportable, item) if item is not None else None)


def with_items(moderations: Iterable[Moderation]) -> list[Moderation]:
    """Each moderation with ``described`` (its item read now, hidden or not: for moderators
    only; None once the item is gone) and ``reasons`` ([(label, count)], most given first).

    One query for the reasons and one per type of item present (plus what each type's
    ``prepare`` prefetches): the same whatever the number of rows or of reports.
    """
    rows = list(moderations)
    by_type: dict[int, list[Moderation]] = defaultdict(list)
    for row in rows:
        by_type[row.content_type_id].append(row)
        row.described = None
        row.reasons = []
    for group in by_type.values():
        model = group[0].content_type.model_class()
        reportable = reportable_for(model) if model is not None else None
        if reportable is None:
            continue
        queryset = model._default_manager.filter(pk__in=[row.object_id for row in group])
        items = {item.pk: item for item in reportable.prepare(queryset)}
        for row in group:
            item = items.get(row.object_id)
            row.described = describe(reportable, item) if item is not None else None
    if rows:
        labels = dict(ReportReason.choices)
        counts = (
            Report.objects.filter(moderation__in=[row.pk for row in rows])
            .values_list("moderation_id", "reason")
            .annotate(count=Count("id"))
            .order_by("moderation_id", "-count", "reason")
        )
        by_id = {row.pk: row for row in rows}
        for moderation_id, reason, count in counts:
            by_id[moderation_id].reasons.append((labels.get(reason, reason), count))
    return rows
