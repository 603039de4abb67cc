"""A public profile in Chromium: every tab reached by plain links, accessible (axe), and
usable on a 320-pixel-wide screen."""

import pytest
from playwright.sync_api import expect

from participation.notifications.services import auto_follow
from participation.services.groups import add_group_member, create_user_group
from tests.e2e.conftest import assert_accessible
from tests.factories import (
    CommentFactory,
    ProcessFactory,
    StepFactory,
    make_open_proposals,
    make_organization,
    make_proposal,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _overflowing(page) -> list[str]:
    """The elements of the profile that stick out of the window on either side."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main .profile, main .profile *')]
            .filter(e => { const box = e.getBoundingClientRect();
                           return box.right > window.innerWidth + 0.5 || box.left < -0.5; })
            .map(e => e.tagName + '.' + e.className)"""
    )


def test_every_tab_of_a_profile_is_accessible_and_fits_a_small_screen(page, site, now):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, nickname="mairie")
    alice = make_user(city, name="Alice Martin", nickname="alice")
    alice.about = "Habitante du Vieux-Tours, j’aime les jardins partagés.\nEt les bancs."
    alice.personal_url = "https://alice.example.org/"
    alice.save()
    bob = make_user(city, name="Bob Durand", nickname="bob")
    process = ProcessFactory(
        organization=city, slug="place", title="Place du Marché", published_at=now
    )
    StepFactory(process=process, title="Idées", position=0, active=True)
    ideas = make_open_proposals(process, actor=admin)
    proposal = make_proposal(ideas, alice, title="Des bancs sur la place du marché")
    CommentFactory(target=proposal, author=alice, body="<p>Et un peu d’ombre aussi</p>")
    auto_follow(user=alice, target=process)
    auto_follow(user=bob, target=alice)
    group = create_user_group(
        actor=admin, organization=city, name="Conseil de quartier", is_public=True
    )
    add_group_member(actor=admin, group=group, identifier="alice")

    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(site("ville-a.test", "/profiles/alice/"))
    expect(page.get_by_role("heading", level=1, name="Alice Martin")).to_be_visible()
    expect(page.get_by_text("j’aime les jardins partagés")).to_be_visible()
    expect(page.get_by_role("link", name="Des bancs sur la place du marché")).to_be_visible()
    expect(page.get_by_role("link", name="Et un peu d’ombre aussi")).to_be_visible()
    tabs = page.get_by_role("navigation", name="Parties du profil")
    expect(tabs.get_by_role("link", name="Activité 2")).to_have_attribute("aria-current", "page")
    # Nothing of the profile overflows sideways at 320 px (the site header is not its own).
    assert _overflowing(page) == []
    assert_accessible(page)

    for name, path, shown in (
        ("Abonnements 1", "/profiles/alice/follows/", "Place du Marché"),
        ("Abonné·es 1", "/profiles/alice/followers/", "Bob Durand"),
        ("Groupes 1", "/profiles/alice/groups/", "Conseil de quartier"),
    ):
        page.get_by_role("navigation", name="Parties du profil").get_by_role(
            "link", name=name
        ).click()
        page.wait_for_url(f"**{path}")
        expect(
            page.get_by_role("navigation", name="Parties du profil").get_by_role("link", name=name)
        ).to_have_attribute("aria-current", "page")
        expect(page.locator(".profile-tab").get_by_text(shown)).to_be_visible()
        assert _overflowing(page) == []
        assert_accessible(page)
