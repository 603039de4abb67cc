"""Each metric function: counts, the organisation's day boundaries, what is left out."""

import datetime

from django.contrib.contenttypes.models import ContentType

from participation.models import User
from participation.notifications.models import Follow
from proposals.models import Support
from synthesis import metrics
from tests.factories import make_user
from tests.synthesis.conftest import DAY, at, comment_on, hide, make_space, proposal_at

NEXT = DAY + datetime.timedelta(days=1)


def count(name, organization, space, day=DAY):
    return metrics.get(name).count(organization, space, day)


def test_core_metrics_are_registered():
    names = [m.name for m in metrics.registered()]
    assert names[:5] == ["participants", "proposals", "comments", "supports", "follows"]


def test_proposals_count_published_up_to_local_midnight(organization, admin, space, now):
    process, component = space
    author = make_user(organization)
    proposal_at(component, author, at(DAY, 23, 59))  # 22:59 UTC, still DAY in Paris
    proposal_at(component, author, at(NEXT, 0, 1))  # 23:01 UTC on DAY, but NEXT in Paris
    proposal_at(component, author, None)  # draft
    hidden = proposal_at(component, author, at(DAY, 9))
    hide(hidden)
    assert count("proposals", organization, None) == 1
    assert count("proposals", organization, process) == 1
    assert count("proposals", organization, None, NEXT) == 2
    other_process, _other = make_space(admin, "autre", now)
    assert count("proposals", organization, other_process) == 0


def test_day_boundary_follows_the_organisation_time_zone(organization, space):
    _process, component = space
    author = make_user(organization)
    # 03:30 UTC on NEXT is 23:30 of DAY in New York.
    when = datetime.datetime(NEXT.year, NEXT.month, NEXT.day, 3, 30, tzinfo=datetime.UTC)
    proposal_at(component, author, when)
    assert count("proposals", organization, None) == 0
    organization.time_zone = "America/New_York"
    organization.save()
    assert count("proposals", organization, None) == 1


def test_comments_exclude_deleted_and_hidden(organization, admin, space, now):
    process, component = space
    author = make_user(organization)
    proposal = proposal_at(component, author, at(DAY, 8))
    comment_on(proposal, author, at(DAY, 10))
    comment_on(proposal, author, at(DAY, 11), deleted_at=at(DAY, 12))
    hide(comment_on(proposal, author, at(DAY, 12)))
    comment_on(proposal, author, at(NEXT, 10))
    assert count("comments", organization, None) == 1
    assert count("comments", organization, process) == 1
    other_process, _ = make_space(admin, "autre", now)
    assert count("comments", organization, other_process) == 0
    assert count("comments", organization, None, NEXT) == 2


def test_supports_and_follows(organization, admin, space, now):
    process, component = space
    author, fan = make_user(organization), make_user(organization)
    proposal = proposal_at(component, author, at(DAY, 8))
    support = Support.objects.create(proposal=proposal, component=component, user=fan)
    Support.objects.filter(pk=support.pk).update(created_at=at(DAY, 9))
    uncounted = Support.objects.create(
        proposal=proposal, component=component, user=author, counted=False
    )
    Support.objects.filter(pk=uncounted.pk).update(created_at=at(DAY, 9))
    for target, user in ((proposal, fan), (process, author)):
        follow = Follow.objects.create(
            organization=organization,
            user=user,
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
        )
        Follow.objects.filter(pk=follow.pk).update(created_at=at(DAY, 9))
    assert count("supports", organization, None) == 1
    assert count("supports", organization, process) == 1
    assert count("supports", organization, None, DAY - datetime.timedelta(days=1)) == 0
    assert count("follows", organization, None) == 2
    assert count("follows", organization, process) == 2
    other_process, _ = make_space(admin, "autre", now)
    assert count("follows", organization, other_process) == 0


def test_participants_active_not_deleted_and_per_space(
    organization, other_organization, admin, space, now
):
    process, component = space
    User.objects.filter(pk=admin.pk).update(date_joined=at(DAY, 1))
    author = make_user(organization)
    quiet = make_user(organization)
    gone = make_user(organization, email="x@deleted.invalid")
    inactive = make_user(organization, is_active=False)
    late = make_user(organization)
    make_user(other_organization)
    for person in (author, quiet, gone, inactive):
        User.objects.filter(pk=person.pk).update(date_joined=at(DAY, 2))
    User.objects.filter(pk=late.pk).update(date_joined=at(NEXT, 2))
    proposal_at(component, author, at(DAY, 8))
    assert count("participants", organization, None) == 3  # admin, author, quiet
    assert count("participants", organization, process) == 1  # the author only
    assert count("participants", organization, None, NEXT) == 4
