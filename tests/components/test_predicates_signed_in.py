from django.contrib.auth.models import AnonymousUser

from participation.components.predicates import ActionContext, signed_in
from tests.factories import make_user


def _context(user, component):
    return ActionContext(user=user, component=component, space=component.space, action="comment")


def test_anonymous_visitors_are_not_signed_in(draft_blog):
    assert not signed_in(_context(AnonymousUser(), draft_blog))
    assert not signed_in(_context(None, draft_blog))


def test_a_resident_of_the_organisation_is(draft_blog, organization):
    assert signed_in(_context(make_user(organization), draft_blog))


def test_deactivated_accounts_are_not(draft_blog, organization):
    assert not signed_in(_context(make_user(organization, is_active=False), draft_blog))


def test_accounts_of_another_organisation_are_not(draft_blog, other_organization):
    assert not signed_in(_context(make_user(other_organization), draft_blog))
