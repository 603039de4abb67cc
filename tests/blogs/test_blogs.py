"""The blog component: admin CRUD through the framework, public list and detail."""

from datetime import timedelta

import pytest

from blogs.models import Post
from blogs.services import create_post
from participation.components import services
from tests.conftest import host_client
from tests.factories import StepFactory, make_user


@pytest.fixture
def process_steps():
    """The blog's concertation starts without steps (a test adds its own)."""
    return []


def test_admin_writes_a_post(admin, blog, now):
    client = host_client("ville-a.test", user=admin)
    assert client.get(blog.admin_url("index")).status_code == 200
    response = client.post(
        blog.admin_url("create"),
        {
            "title": "Lancement",
            "body": "<p>Go<script>x()</script></p>",
            "published_at": now.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.author == admin and post.body == "<p>Go</p>"
    body = host_client("ville-a.test").get(blog.url("detail", pk=post.pk)).content.decode()
    assert "Lancement" in body and "Claire Admin" in body


def test_edit_and_delete(admin, blog):
    post = create_post(actor=admin, component=blog, data={"title": "A", "body": "<p>b</p>"})
    client = host_client("ville-a.test", user=admin)
    data = {"title": "B", "body": "<p>b</p>", "published_at": "2026-01-01T10:00"}
    assert client.post(blog.admin_url("edit", pk=post.pk), data).status_code == 302
    post.refresh_from_db()
    assert post.title == "B"
    assert client.get(blog.admin_url("delete", pk=post.pk)).status_code == 200
    assert client.post(blog.admin_url("delete", pk=post.pk)).status_code == 302
    assert not Post.objects.exists()


def test_scheduled_posts_are_hidden_until_their_date(admin, blog, now):
    post = create_post(
        actor=admin,
        component=blog,
        data={"title": "Bientôt", "body": "<p>x</p>", "published_at": now + timedelta(days=1)},
    )
    visitor = host_client("ville-a.test")
    assert "Bientôt" not in visitor.get(blog.get_absolute_url()).content.decode()
    assert visitor.get(blog.url("detail", pk=post.pk)).status_code == 404
    assert blog.manifest.metrics(blog) == {"posts": 0}


def test_posts_per_page_setting_paginates(admin, blog, now):
    services.configure_component(actor=admin, component=blog, settings={"posts_per_page": 2})
    for index in range(5):
        create_post(
            actor=admin,
            component=blog,
            data={
                "title": f"Post {index}",
                "body": "<p>x</p>",
                "published_at": now - timedelta(hours=index),
            },
        )
    visitor = host_client("ville-a.test")
    first = visitor.get(blog.get_absolute_url()).content.decode()
    assert "Post 0" in first and "Post 1" in first and "Post 2" not in first
    last = visitor.get(blog.get_absolute_url() + "?page=3").content.decode()
    assert "Post 4" in last
    hostile = visitor.get(blog.get_absolute_url() + "?page=<script>alert(1)</script>")
    assert hostile.status_code == 200 and "<script>alert(1)" not in hostile.content.decode()


def test_hide_the_author(admin, blog):
    create_post(actor=admin, component=blog, data={"title": "T", "body": "<p>b</p>"})
    services.configure_component(actor=admin, component=blog, settings={"show_author": False})
    assert (
        "Claire Admin"
        not in host_client("ville-a.test").get(blog.get_absolute_url()).content.decode()
    )


def test_the_post_page_says_whether_comments_are_open(admin, blog, organization):
    from tests.factories import move_active_step

    post = create_post(actor=admin, component=blog, data={"title": "T", "body": "<p>b</p>"})
    process = blog.space

    steps = [
        StepFactory(process=process, title=t, position=i, active=i == 0)
        for i, t in enumerate(["Un", "Deux"])
    ]
    services.configure_component(
        actor=admin, component=blog, step_settings={str(steps[1].pk): {"comments_enabled": True}}
    )
    resident = host_client("ville-a.test", user=make_user(organization))
    closed = resident.get(blog.url("detail", pk=post.pk)).context["can_comment"]
    move_active_step(process, 1)
    opened = resident.get(blog.url("detail", pk=post.pk)).context["can_comment"]
    assert (closed, opened) == (False, True)


def test_hooks(admin, blog):
    from django.contrib.auth.models import AnonymousUser

    from participation.search.selectors import search

    create_post(actor=admin, component=blog, data={"title": "Tramway", "body": "<p>b</p>"})
    page = search(organization=blog.organization, user=AnonymousUser(), text="Tramway")
    assert [(r.searchable.key, r.text) for r in page.results] == [("blog_posts", "Tramway")]
    rows = list(blog.manifest.exports["posts"](blog))
    assert rows[0]["author"] == "Claire Admin"


def test_participants_cannot_write(blog, organization):
    client = host_client("ville-a.test", user=make_user(organization))
    response = client.post(blog.admin_url("create"), {"title": "x", "body": "y"})
    assert response.status_code == 403 and not Post.objects.exists()
