import datetime
import zoneinfo

import pytest
from django.contrib.contenttypes.models import ContentType

from participation.comments.models import Comment
from participation.components import services as components
from participation.moderation.models import Moderation
from spaces.models import ParticipatoryProcess
from tests.conftest import make_user
from tests.proposals.conftest import configure, make_proposal

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DAY = datetime.date(2026, 3, 10)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime on ``day`` in Paris (the organisations' default time zone)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), PARIS)


@pytest.fixture
def admin(organization):
    return make_user(organization, admin=True, name="Maire")


def make_space(admin, slug, now):
    process = ParticipatoryProcess.objects.create(
        organization=admin.organization, slug=slug, title=slug.title(), published_at=now
    )
    component = components.add_component(
        actor=admin, space=process, manifest_name="proposals", name="Idées"
    )
    configure(admin, component, settings={})
    components.publish_component(actor=admin, component=component)
    component.refresh_from_db()
    return process, component


@pytest.fixture
def space(admin, now):
    return make_space(admin, "budget", now)


def proposal_at(component, author, when, **fields):
    return make_proposal(component, author, published_at=when, **fields)


def comment_on(target, author, when, **fields):
    comment = Comment.objects.create(
        organization_id=target.organization_id,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        author=author,
        body="D'accord",
        **fields,
    )
    Comment.objects.filter(pk=comment.pk).update(created_at=when)
    return comment


def hide(obj):
    Moderation.objects.create(
        organization_id=obj.organization_id,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        hidden_at=at(DAY, 1),
    )
