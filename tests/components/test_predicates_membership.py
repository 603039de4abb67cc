from django.utils import timezone

from participation.components.predicates import ActionContext, space_member
from spaces.models import SpaceMember, SpaceRole, Visibility
from spaces.services import assign_space_role
from tests.factories import make_user


def _context(user, component):
    return ActionContext(user=user, component=component, space=component.space, action="comment")


def test_every_resident_takes_part_in_a_public_space(draft_blog, organization):
    assert space_member(_context(make_user(organization), draft_blog))


def test_a_private_space_needs_membership(draft_blog, process, organization, admin):
    process.visibility = Visibility.PRIVATE
    process.save()
    resident, collaborator = make_user(organization), make_user(organization)
    assign_space_role(actor=admin, space=process, role=SpaceRole.COLLABORATOR, user=collaborator)
    assert not space_member(_context(resident, draft_blog))
    assert space_member(_context(collaborator, draft_blog))
    assert space_member(_context(admin, draft_blog))


def test_accepted_members_of_a_private_space_take_part(draft_blog, process, organization):
    process.visibility = Visibility.TRANSPARENT
    process.save()
    member, invited = make_user(organization), make_user(organization)
    SpaceMember.objects.create(
        organization=organization,
        space=process,
        user=member,
        invited_at=timezone.now(),
        accepted_at=timezone.now(),
    )
    # Invited but not accepted yet: not a member.
    SpaceMember.objects.create(
        organization=organization,
        space=process,
        user=invited,
        invited_at=timezone.now(),
    )
    assert space_member(_context(member, draft_blog))
    assert not space_member(_context(invited, draft_blog))
    assert not space_member(_context(make_user(organization), draft_blog))


def test_strangers_are_never_members(draft_blog, other_organization):
    assert not space_member(_context(make_user(other_organization, admin=True), draft_blog))
