"""Anonymous visitors get a component page's space and components from the cache: every
change made through the services shows on the next request, and nothing crosses
organisations."""

import re
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.components import services
from participation.components.serving import space_and_component
from spaces.models import SpaceMember, Visibility
from spaces.services.spaces import unpublish_space, update_space
from spaces.services.steps import activate_step
from spaces.types import SPACE_TYPES
from tests.conftest import host_client
from tests.factories import ProcessFactory, make_component, make_organization, make_user


def _space_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    tables = ("spaces_participatoryprocess", "spaces_processstep", "components_component")
    return [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in tables)]


def _navigation(client, url) -> list[str]:
    body = client.get(url).content.decode()
    nav = body.split('class="component-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def test_a_second_anonymous_visit_reads_no_space_step_or_component(published_blog, post):
    client = host_client("ville-a.test")
    url = published_blog.get_absolute_url()
    assert _space_queries(client, url)  # the first visit fills the cache
    assert _space_queries(client, url) == []


def test_signed_in_visitors_share_the_cache_of_a_public_space(organization, published_blog, post):
    client = host_client("ville-a.test", make_user(organization))
    url = published_blog.get_absolute_url()
    _space_queries(client, url)
    assert _space_queries(client, url) == []


def test_a_private_space_is_read_with_the_visitors_memberships(
    admin, organization, process, published_blog, post
):
    update_space(actor=admin, space=process, data={"visibility": Visibility.PRIVATE})
    member, outsider = make_user(organization), make_user(organization)
    SpaceMember.objects.create(
        organization=organization,
        space=process,
        user=member,
        invited_at=timezone.now(),
        accepted_at=timezone.now(),
    )
    url = published_blog.get_absolute_url()
    member_client = host_client("ville-a.test", member)
    assert member_client.get(url).status_code == 200
    # The member's visit filled the cache: the others are still refused.
    assert _space_queries(member_client, url)  # memberships read every time
    assert host_client("ville-a.test", outsider).get(url).status_code == 404
    assert host_client("ville-a.test").get(url).status_code == 404
    assert host_client("ville-a.test", admin).get(url).status_code == 200


def test_unpublishing_or_closing_the_space_shows_at_once(admin, process, published_blog, post):
    client = host_client("ville-a.test")
    url = published_blog.get_absolute_url()
    assert client.get(url).status_code == 200
    update_space(actor=admin, space=process, data={"visibility": Visibility.PRIVATE})
    assert client.get(url).status_code == 404
    update_space(actor=admin, space=process, data={"visibility": Visibility.PUBLIC})
    assert client.get(url).status_code == 200
    unpublish_space(actor=admin, space=process)
    assert client.get(url).status_code == 404


def test_a_space_published_for_later_opens_when_its_time_comes(
    process, published_blog, post, now, monkeypatch
):
    process.published_at = now + timedelta(hours=1)
    process.save()
    client = host_client("ville-a.test")
    url = published_blog.get_absolute_url()
    assert client.get(url).status_code == 404  # the cached row says "in an hour"
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=2))
    assert _space_queries(client, url) == []  # same cached row, checked against the clock


def test_component_changes_show_at_once(admin, process, published_blog, post):
    client = host_client("ville-a.test")
    url = published_blog.get_absolute_url()
    assert client.get(url).status_code == 200
    services.rename_component(actor=admin, component=published_blog, name="Actualités")
    assert "Actualités" in client.get(url).content.decode()
    services.unpublish_component(actor=admin, component=published_blog)
    assert client.get(url).status_code == 404


def test_reordering_components_shows_at_once(admin, process, published_blog, post):
    pages = make_component(process, "pages", actor=admin, name="Infos", published=True)
    client = host_client("ville-a.test")
    url = published_blog.get_absolute_url()
    assert _navigation(client, url) == ["News", "Infos"]
    services.reorder_components(
        actor=admin, space=process, ordered_ids=[pages.pk, published_blog.pk]
    )
    assert _navigation(client, url) == ["Infos", "News"]


def test_activating_a_step_shows_at_once(admin, process, published_blog, post):
    """Step activation writes with ``update()`` (no signal): the service retires the cache."""
    client = host_client("ville-a.test")
    url = published_blog.get_absolute_url()
    client.get(url)
    vote = process.steps.get(position=2)
    activate_step(actor=admin, step=vote)
    space, _component = space_and_component(
        space_type=SPACE_TYPES["processes"],
        organization=process.organization,
        user=AnonymousUser(),
        slug=process.slug,
        component_id=published_blog.pk,
    )
    assert space.active_step.pk == vote.pk


def test_the_same_slug_in_two_organisations_serves_each_its_own(
    admin, process, published_blog, post
):
    other = make_organization("Autre Ville", "ville-b.test")
    other_admin = make_user(other, admin=True)
    twin = ProcessFactory(
        organization=other, slug=process.slug, title="Jumeau", published_at=process.published_at
    )
    twin_blog = make_component(
        twin, "blogs", actor=other_admin, name="Nouvelles de B", published=True
    )
    a, b = host_client("ville-a.test"), host_client("ville-b.test")
    for _ in range(2):  # filled, then from the cache
        assert "Budget 2027" in a.get(published_blog.get_absolute_url()).content.decode()
        assert "Jumeau" in b.get(twin_blog.get_absolute_url()).content.decode()
        # One organisation's component id is unknown under the other's host.
        assert b.get(published_blog.get_absolute_url()).status_code == 404
        assert a.get(twin_blog.get_absolute_url()).status_code == 404
