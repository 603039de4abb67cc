from django.contrib.auth.models import AnonymousUser

from participation.components.predicates import ActionContext, signed_in
from tests.conftest import make_user


def _context(user, component):
    return ActionContext(user=user, component=component, space=component.space, action="comment")


def test_anonymous_visitors_are_not_signed_in(blog):
    assert not signed_in(_context(AnonymousUser(), blog))
    assert not signed_in(_context(None, blog))


def test_a_resident_of_the_organisation_is(blog, organization):
    assert signed_in(_context(make_user(organization), blog))


def test_deactivated_accounts_are_not(blog, organization):
    assert not signed_in(_context(make_user(organization, is_active=False), blog))


def test_accounts_of_another_organisation_are_not(blog, other_organization):
    assert not signed_in(_context(make_user(other_organization), blog))
