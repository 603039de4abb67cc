"""Verification methods required per action; the verifications app is optional."""

import sys
import types

import pytest

from participation.components import predicates
from participation.components.predicates import ActionContext, verified
from tests.conftest import make_user


def _context(user, component, action="comment"):
    return ActionContext(user=user, component=component, space=component.space, action=action)


@pytest.fixture
def resident(organization):
    return make_user(organization)


def test_nothing_required_means_verified(blog, resident):
    assert verified(_context(resident, blog))


def test_required_methods_are_read_per_action(blog):
    blog.permissions = {"comment": {"verifications": ["census", 3]}, "vote": {}}
    assert blog.required_verifications("comment") == ["census"]
    assert blog.required_verifications("vote") == []
    assert blog.required_verifications("unknown") == []


def test_without_the_verifications_app_nobody_is_verified(blog, resident, settings):
    # Fail closed: a requirement that cannot be checked is not met.
    blog.permissions = {"comment": {"verifications": ["census"]}}
    assert not predicates.is_verified(resident, "census")
    assert not verified(_context(resident, blog))


def test_the_verifications_app_is_asked_lazily(blog, resident, monkeypatch):
    blog.permissions = {"comment": {"verifications": ["census", "letter"]}}
    granted = {"census"}
    fake = types.ModuleType("participation.verifications.selectors")
    fake.is_verified = lambda user, method: user == resident and method in granted
    package = types.ModuleType("participation.verifications")
    package.selectors = fake
    monkeypatch.setitem(sys.modules, "participation.verifications", package)
    monkeypatch.setitem(sys.modules, "participation.verifications.selectors", fake)
    monkeypatch.setattr(
        predicates.apps, "is_installed", lambda name: name == "participation.verifications"
    )
    assert not verified(_context(resident, blog))  # holds census, not letter
    granted.add("letter")
    assert verified(_context(resident, blog))


def test_anonymous_visitors_never_meet_a_requirement(blog, monkeypatch):
    from django.contrib.auth.models import AnonymousUser

    blog.permissions = {"comment": {"verifications": ["census"]}}
    monkeypatch.setattr(predicates, "is_verified", lambda user, method: True)
    assert not verified(_context(AnonymousUser(), blog))
