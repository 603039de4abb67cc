"""Verification methods required per action; the verifications app is optional."""

import sys
import types

from participation.components import predicates
from participation.components.predicates import ActionContext, verified


def _context(user, component, action="comment"):
    return ActionContext(user=user, component=component, space=component.space, action=action)


def test_nothing_required_means_verified(draft_blog, resident):
    assert verified(_context(resident, draft_blog))


def test_required_methods_are_read_per_action(draft_blog):
    draft_blog.permissions = {"comment": {"verifications": ["census", 3]}, "vote": {}}
    assert draft_blog.required_verifications("comment") == ["census"]
    assert draft_blog.required_verifications("vote") == []
    assert draft_blog.required_verifications("unknown") == []


def test_without_the_verifications_app_nobody_is_verified(draft_blog, resident, settings):
    # Fail closed: a requirement that cannot be checked is not met.
    draft_blog.permissions = {"comment": {"verifications": ["census"]}}
    assert not predicates.is_verified(resident, "census")
    assert not verified(_context(resident, draft_blog))


def test_the_verifications_app_is_asked_lazily(draft_blog, resident, monkeypatch):
    draft_blog.permissions = {"comment": {"verifications": ["census", "letter"]}}
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
    assert not verified(_context(resident, draft_blog))  # holds census, not letter
    granted.add("letter")
    assert verified(_context(resident, draft_blog))


def test_anonymous_visitors_never_meet_a_requirement(draft_blog, monkeypatch):
    from django.contrib.auth.models import AnonymousUser

    draft_blog.permissions = {"comment": {"verifications": ["census"]}}
    monkeypatch.setattr(predicates, "is_verified", lambda user, method: True)
    assert not verified(_context(AnonymousUser(), draft_blog))
