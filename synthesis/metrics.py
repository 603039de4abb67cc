"""The metrics registry: name -> function(organization, space or None, day) -> cumulative count.

Each function counts what exists at the END of ``day`` in the organisation's time
zone (``created_at < next midnight``), for the whole organisation when ``space``
is None, else for that space only. Components add theirs with ``register_metric``.
"""

import datetime
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

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


def registered() -> list[Metric]:
    return sorted(_metrics.values(), key=lambda m: (m.order, m.name))


def get(name: str) -> Metric | None:
    return _metrics.get(name)


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


def _space_components(organization, space):
    from participation.components.models import Component

    return Component.objects.filter(
        organization=organization, space_type=space_key(space), space_id=space.pk
    ).values("pk")


def _component_models():
    """Models living in a component (a ``component`` foreign key), commentable or followable."""
    from participation.comments import registry as comments_registry
    from proposals.models import Proposal

    models = {Proposal, *comments_registry._by_model}
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


def _proposals_qs(organization, space, day):
    from participation.moderation.selectors import exclude_hidden
    from proposals.models import Proposal

    proposals = Proposal.objects.filter(
        organization=organization, published_at__lt=end_of_day(organization, day)
    )
    if space is not None:
        proposals = proposals.filter(component__in=_space_components(organization, space))
    return exclude_hidden(proposals)


def count_proposals(organization, space, day) -> int:
    return _proposals_qs(organization, space, day).count()


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


def _supports_qs(organization, space, day):
    from proposals.models import Support

    supports = Support.objects.filter(
        component__organization=organization,
        counted=True,
        created_at__lt=end_of_day(organization, day),
    )
    if space is not None:
        supports = supports.filter(component__in=_space_components(organization, space))
    return supports


def count_supports(organization, space, day) -> int:
    return _supports_qs(organization, space, day).count()


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
    """Active, not deleted accounts of the organisation; in a space, those who took part in it."""
    from participation.models import User
    from participation.privacy.display import DELETED_EMAIL_DOMAIN

    people = User.objects.filter(
        organization=organization,
        is_active=True,
        date_joined__lt=end_of_day(organization, day),
    ).exclude(email__iendswith="@" + DELETED_EMAIL_DOMAIN)
    if space is not None:
        people = people.filter(
            Q(pk__in=_proposals_qs(organization, space, day).values("author_id"))
            | Q(pk__in=_comments_qs(organization, space, day).values("author_id"))
            | Q(pk__in=_supports_qs(organization, space, day).values("user_id"))
            | Q(pk__in=_follows_qs(organization, space, day).values("user_id"))
        )
    return people.count()


def register_core_metrics() -> None:
    register_metric("participants", _("Participants"), count_participants, order=10)
    register_metric("proposals", _("Proposals"), count_proposals, order=20)
    register_metric("comments", _("Comments"), count_comments, order=30)
    register_metric("supports", _("Supports"), count_supports, order=40)
    register_metric("follows", _("Follows"), count_follows, order=50)
