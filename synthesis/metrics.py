"""The metrics registry: name -> function(organization, space or None, day) -> cumulative count.

Each function counts what exists at the END of ``day`` in the organisation's time
zone (``created_at < next midnight``), for the whole organisation when ``space``
is None, else for that space only. The core registers its own (participants,
comments, follows); components declare theirs in their manifest (``dated_metrics``,
with a label), read here: synthesis knows no component by name.
"""

import datetime
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MetricFunction = Callable[[object, object | None, datetime.date], int]


@dataclass(frozen=True)
class Metric:
    name: str
    label: str | Promise
    count: MetricFunction
    order: int = 100


_metrics: dict[str, Metric] = {}


def register_metric(name: str, label, count: MetricFunction, *, order: int = 100) -> None:
    _metrics[name] = Metric(name=name, label=label, count=count, order=order)


def _declared() -> dict[str, list]:
    """The dated metrics the component manifests declare: name -> [(type, DatedMetric)]
    (several types may declare the same name: their counts add up)."""
    from participation.components import registry

    declared: dict[str, list] = {}
    for manifest in registry.all_manifests():
        for name, dated in manifest.dated_metrics.items():
            if name not in _metrics:
                declared.setdefault(name, []).append((manifest.name, dated))
    return declared


def _component_metrics() -> dict[str, Metric]:
    return {
        name: Metric(
            name=name,
            label=parts[0][1].label,
            count=partial(_count_component_metric, parts),
            order=parts[0][1].order,
        )
        for name, parts in _declared().items()
    }


def registered() -> list[Metric]:
    metrics = [*_metrics.values(), *_component_metrics().values()]
    return sorted(metrics, key=lambda m: (m.order, m.name))


def get(name: str) -> Metric | None:
    return _metrics.get(name) or _component_metrics().get(name)


def label_of(name: str):
    """A stored metric's translated label: a registered metric's, else the one a manifest
    gives its snapshot ``metrics`` hook, else the name itself made readable."""
    from participation.components import registry

    metric = get(name)
    if metric is not None:
        return metric.label
    for manifest in registry.all_manifests():
        if name in manifest.metric_labels:
            return manifest.metric_labels[name]
    return name.replace("_", " ").capitalize()


def end_of_day(organization, day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` in the organisation's time zone (an aware datetime)."""
    zone = zoneinfo.ZoneInfo(organization.time_zone or "UTC")
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, zone)


# --- where a space's content lives ----------------------------------------------------


def space_key(space) -> str:
    from spaces.types import SPACE_TYPES

    for key, kind in SPACE_TYPES.items():
        if isinstance(space, kind.model):
            return key
    raise LookupError(type(space).__name__)


def _space_components(organization, space, manifest_name: str | None = None):
    from participation.components.models import Component

    components = Component.objects.filter(organization=organization)
    if manifest_name is not None:
        components = components.filter(manifest_name=manifest_name)
    if space is not None:
        components = components.filter(space_id=space.pk)
    return components.values("pk")


def _component_models():
    """Models living in a component (a ``component`` foreign key), commentable or followable."""
    from participation.comments.registry import commentable_models
    from participation.notifications.registry import followables

    models = {*commentable_models(), *(f.model for f in followables().values())}
    return [m for m in models if any(f.name == "component" for f in m._meta.get_fields())]


def _targets_in_space_q(organization, space, *, include_space: bool) -> Q:
    """Generic (content_type, object_id) pairs pointing into ``space``: one sub-query each."""
    components = _space_components(organization, space)
    q = Q(pk__in=[])
    if include_space:
        q |= Q(content_type=ContentType.objects.get_for_model(space), object_id=space.pk)
    for model in sorted(_component_models(), key=lambda m: m._meta.label):
        inside = model._default_manager.filter(component__in=components).values("pk")
        q |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=inside)
    return q


# --- the core metrics ----------------------------------------------------------------


def _component_rows(manifest_name, dated, organization, space, day):
    components = _space_components(organization, space, manifest_name)
    return dated.rows(components, end_of_day(organization, day))


def _count_component_metric(parts, organization, space, day) -> int:
    return sum(
        _component_rows(manifest_name, dated, organization, space, day).count()
        for manifest_name, dated in parts
    )


def _comments_qs(organization, space, day):
    from participation.comments.models import Comment
    from participation.moderation.selectors import exclude_hidden

    comments = Comment.objects.filter(
        organization=organization,
        deleted_at__isnull=True,
        created_at__lt=end_of_day(organization, day),
    )
    if space is not None:
        comments = comments.filter(_targets_in_space_q(organization, space, include_space=False))
    return exclude_hidden(comments)


def count_comments(organization, space, day) -> int:
    return _comments_qs(organization, space, day).count()


def _follows_qs(organization, space, day):
    from participation.notifications.models import Follow

    follows = Follow.objects.filter(
        organization=organization, created_at__lt=end_of_day(organization, day)
    )
    if space is not None:
        follows = follows.filter(_targets_in_space_q(organization, space, include_space=True))
    return follows


def count_follows(organization, space, day) -> int:
    return _follows_qs(organization, space, day).count()


def count_participants(organization, space, day) -> int:
    """Active, not deleted accounts of the organisation; in a space, those who took part in
    it: commented, followed, or behind a row of a component's dated metric (its ``person``)."""
    from participation.models import User
    from participation.privacy.display import DELETED_EMAIL_DOMAIN

    people = User.objects.filter(
        organization=organization,
        is_active=True,
        date_joined__lt=end_of_day(organization, day),
    ).exclude(email__iendswith="@" + DELETED_EMAIL_DOMAIN)
    if space is not None:
        took_part = Q(pk__in=_comments_qs(organization, space, day).values("author_id")) | Q(
            pk__in=_follows_qs(organization, space, day).values("user_id")
        )
        for parts in _declared().values():
            for manifest_name, dated in parts:
                if dated.person:
                    rows = _component_rows(manifest_name, dated, organization, space, day)
                    took_part |= Q(pk__in=rows.values(dated.person))
        people = people.filter(took_part)
    return people.count()


def register_core_metrics() -> None:
    register_metric("participants", _("Participants"), count_participants, order=10)
    register_metric("comments", _("Comments"), count_comments, order=30)
    register_metric("follows", _("Follows"), count_follows, order=50)
