import datetime
import zoneinfo

import pytest
from django.contrib.contenttypes.models import ContentType

from participation.comments.models import Comment
from participation.moderation.models import Moderation
from tests.factories import CommentFactory, ProcessFactory, make_open_proposals, make_proposal

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DAY = datetime.date(2026, 3, 10)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime on ``day`` in Paris (the organisations' default time zone)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), PARIS)


def make_space(admin, slug, now):
    """(a published concertation without steps, its open proposals component)."""
    process = ProcessFactory(
        organization=admin.organization, slug=slug, title=slug.title(), published_at=now
    )
    return process, make_open_proposals(process, actor=admin)


@pytest.fixture
def space(admin, now):
    return make_space(admin, "budget", now)


def proposal_at(component, author, when, **fields):
    return make_proposal(component, author, published_at=when, **fields)


def comment_on(target, author, when, **fields):
    comment = CommentFactory(target=target, author=author, **fields)
    Comment.objects.filter(pk=comment.pk).update(created_at=when)
    return comment


def hide(obj):
    Moderation.objects.create(
        organization_id=obj.organization_id,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        hidden_at=at(DAY, 1),
    )
