"""Pages and forms: POST without JS, clear errors, tenancy, ordering, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blogs.services import create_post
from participation.comments import registry, services
from participation.comments.models import Comment, CommentVote
from tests.comments.conftest import open_comments
from tests.conftest import host_client
from tests.factories import ProcessFactory, StepFactory, make_component, make_user


def create_url(post):
    return reverse("comments:create", kwargs={"key": "blogs-post", "object_id": post.pk})


def page(client, post, query=""):
    return client.get(post.component.url("detail", pk=post.pk) + query)


def test_post_a_comment_without_javascript(alice, post):
    client = host_client("ville-a.test", alice)
    response = client.post(create_url(post), {"body": "Bravo", "alignment": "1"})
    created = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == post.component.url("detail", pk=post.pk) + (
        f"#comment-{created.pk}"
    )
    body = page(client, post).content.decode()
    assert f'id="comment-{created.pk}"' in body and "Bravo" in body and "Pour" in body


def test_reply_vote_edit_delete_by_post(alice, bob, post):
    alice_client = host_client("ville-a.test", alice)
    bob_client = host_client("ville-a.test", bob)
    alice_client.post(create_url(post), {"body": "Question"})
    question = Comment.objects.get()
    assert (
        bob_client.post(create_url(post), {"body": "Réponse", "parent": question.pk}).status_code
        == 302
    )
    reply = Comment.objects.get(parent=question)
    assert (
        bob_client.post(reverse("comments:vote", args=[question.pk]), {"value": "up"}).status_code
        == 302
    )
    question.refresh_from_db()
    assert question.up_votes == 1
    edit = reverse("comments:edit", args=[question.pk])
    assert alice_client.get(edit).status_code == 200
    assert bob_client.get(edit).status_code == 404
    assert alice_client.post(edit, {"body": "Question précisée"}).status_code == 302
    assert "(modifié)" in page(alice_client, post).content.decode()
    delete = reverse("comments:delete", args=[reply.pk])
    assert alice_client.post(delete).status_code == 404
    assert bob_client.post(delete).status_code == 302
    body = page(alice_client, post).content.decode()
    assert "Réponse" not in body and "Ce commentaire a été supprimé par son auteur·rice." in body


@pytest.mark.parametrize(
    "body, message",
    [
        ("", "Écrivez votre commentaire."),
        ("   ", "Écrivez votre commentaire."),
        ("x" * 5001, "au plus 5000"),
    ],
)
def test_bad_bodies_get_400_and_a_message(alice, post, body, message):
    response = host_client("ville-a.test", alice).post(create_url(post), {"body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_bad_vote_value_is_400(alice, bob, target):
    question = services.create_comment(actor=alice, target=target, body="Q")
    response = host_client("ville-a.test", bob).post(
        reverse("comments:vote", args=[question.pk]), {"value": "sideways"}
    )
    assert response.status_code == 400 and not CommentVote.objects.exists()


def test_self_vote_is_refused_with_a_message(alice, target):
    mine = services.create_comment(actor=alice, target=target, body="Q")
    response = host_client("ville-a.test", alice).post(
        reverse("comments:vote", args=[mine.pk]), {"value": "up"}
    )
    assert response.status_code == 403 and "votre propre commentaire" in response.content.decode()


def test_anonymous_posts_go_to_sign_in(post):
    response = host_client("ville-a.test").post(create_url(post), {"body": "Hi"})
    assert response.status_code == 302 and "/sign-in/?next=" in response["Location"]
    assert not Comment.objects.exists()


def test_closed_step_explains_and_refuses(admin, alice, commentable_blog, process, post):
    open_comments(admin, commentable_blog, process.steps.get(position=0), enabled=False)
    client = host_client("ville-a.test", alice)
    body = page(client, post).content.decode()
    assert "Les commentaires sont fermés pendant cette étape." in body and 'name="body"' not in body
    response = client.post(create_url(post), {"body": "Hi"})
    assert response.status_code == 403 and not Comment.objects.exists()


def test_anonymous_visitors_see_a_sign_in_link(post):
    body = page(host_client("ville-a.test"), post).content.decode()
    assert 'id="comments-closed"' in body and "/sign-in/?next=" in body
    assert 'name="body"' not in body


def test_other_organisations_post_is_404(other_organization, post, alice):
    foreign_admin = make_user(other_organization, admin=True)
    process_b = ProcessFactory(
        organization=other_organization, slug="b", title="B", published_at=post.published_at
    )
    blog_b = make_component(process_b, "blogs", actor=foreign_admin, name="B", published=True)
    open_comments(foreign_admin, blog_b, process_b.active_step or _first_step(process_b))
    post_b = create_post(actor=foreign_admin, component=blog_b, data={"title": "B", "body": "b"})
    # From org A's host, org B's post does not exist, whoever asks.
    response = host_client("ville-a.test", alice).post(create_url(post_b), {"body": "Hi"})
    assert response.status_code == 404
    # And org A's comments are not reachable from org B's host.
    services.create_comment(actor=alice, target=_target(post), body="A")
    a_comment = Comment.objects.get()
    client_b = host_client("ville-b.test", make_user(other_organization))
    for name in ("permalink", "edit", "delete"):
        assert client_b.get(reverse(f"comments:{name}", args=[a_comment.pk])).status_code == 404
    assert (
        client_b.post(reverse("comments:vote", args=[a_comment.pk]), {"value": "up"}).status_code
        == 404
    )
    assert not Comment.objects.filter(organization=other_organization).exists()


def _first_step(process):

    return StepFactory(process=process, title="S", position=0, active=True)


def _target(post):
    from participation.comments.targets import target_of

    return target_of(post)


def test_unpublished_posts_take_no_comment(admin, alice, commentable_blog, now):
    from datetime import timedelta

    later = create_post(
        actor=admin,
        component=commentable_blog,
        data={"title": "Plus tard", "body": "b", "published_at": now + timedelta(days=1)},
    )
    assert (
        host_client("ville-a.test", alice).post(create_url(later), {"body": "Hi"}).status_code
        == 404
    )


def test_unknown_commentable_is_404(alice):
    url = reverse("comments:create", kwargs={"key": "participation-user", "object_id": alice.pk})
    assert host_client("ville-a.test", alice).post(url, {"body": "Hi"}).status_code == 404


def test_permalink_redirects_to_the_page(alice, post, target):
    c = services.create_comment(actor=alice, target=target, body="Q")
    response = host_client("ville-a.test").get(reverse("comments:permalink", args=[c.pk]))
    assert response["Location"].endswith(f"{post.pk}/#comment-{c.pk}")


# --- Display: mentions and escaping -----------------------------------------------------------


def test_mentions_link_to_profiles_and_nothing_is_trusted(
    alice, bob, other_organization, target, post
):
    make_user(other_organization, nickname="carol")
    services.create_comment(
        actor=alice,
        target=target,
        body='Merci @bob, @carol et @nobody <a href="https://ex.org/@bob">@bob</a>',
    )
    body = page(host_client("ville-a.test"), post).content.decode()
    assert '<a class="mention" href="/profiles/bob/"' in body
    assert "/profiles/carol/" not in body and "/profiles/nobody/" not in body
    assert 'href="https://ex.org/@bob"' in body


def test_stored_html_is_reparsed_not_trusted(alice, post, target):
    c = services.create_comment(actor=alice, target=target, body="Hi @bob")
    Comment.objects.filter(pk=c.pk).update(
        body='<p onclick="x()">Hi <script>alert(1)</script><img src=x onerror=y()></p>'
    )
    body = page(host_client("ville-a.test"), post).content.decode()
    assert "alert(1)" not in body and "onerror" not in body and 'onclick="x()"' not in body


def test_author_names_are_escaped(organization, post, target):
    evil = make_user(organization, name='<img src=x onerror="alert(1)">')
    services.create_comment(actor=evil, target=target, body="Hi")
    body = page(host_client("ville-a.test"), post).content.decode()
    assert '<img src=x onerror="alert(1)">' not in body and "&lt;img" in body


def test_object_mentions_use_registered_resolvers(alice, post, target):
    previous = registry.hash_resolver("proposal")  # the proposals manifest's own
    registry.register_hash_mention(
        "proposal", lambda org, user, pk: f"/p/{pk}/" if pk == 12 else None
    )
    try:
        c = services.create_comment(
            actor=alice, target=target, body="Voir #proposal-12 et #proposal-13"
        )
    finally:
        registry.unregister_hash_mention("proposal")
    # The override gone, the proposals manifest's own resolver answers again.
    assert registry.hash_resolver("proposal") is previous
    assert c.object_mentions == [{"token": "#proposal-12", "url": "/p/12/"}]
    body = page(host_client("ville-a.test"), post).content.decode()
    assert '<a class="mention mention-object" href="/p/12/"' in body and ">#proposal-12</a>" in body
    assert 'href="/p/13/"' not in body


# --- Ordering --------------------------------------------------------------------------------


def _three(alice, bob, organization, target):
    first = services.create_comment(actor=alice, target=target, body="premier")
    second = services.create_comment(actor=alice, target=target, body="deuxième")
    third = services.create_comment(actor=alice, target=target, body="troisième")
    services.vote_comment(actor=bob, comment=second, target=target, value=1)
    for _ in range(2):
        services.create_comment(actor=bob, target=target, body="r", parent=third)
    return first, second, third


def _order(body, comments):
    return sorted(comments, key=lambda c: body.index(f'id="comment-{c.pk}"'))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", (0, 1, 2)),
        ("?order=oldest", (0, 1, 2)),
        ("?order=newest", (2, 1, 0)),
        ("?order=best", (1, 0, 2)),
        ("?order=discussed", (2, 0, 1)),
        ("?order=__proto__", (0, 1, 2)),
        ("?order=created_at);DROP TABLE comments_comment;--", (0, 1, 2)),
        ("?order=-up_votes", (0, 1, 2)),
    ],
)
def test_ordering_from_an_allow_list(alice, bob, organization, target, post, query, expected):
    comments = _three(alice, bob, organization, target)
    response = page(host_client("ville-a.test"), post, query)
    body = response.content.decode()
    section = body[body.index('id="comments"') :]
    assert response.status_code == 200
    assert _order(body, comments) == [comments[i] for i in expected]
    assert "DROP TABLE" not in section and "__proto__" not in section


# --- Queries ----------------------------------------------------------------------------------


def _fill(target, organization, count):
    people = [make_user(organization) for _ in range(3)]
    roots = []
    for index in range(count):
        author = people[index % 3]
        parent = roots[index % len(roots)] if roots and index % 2 else None
        c = services.create_comment(
            actor=author,
            target=target,
            body=f"Comment {index} @{people[0].nickname}",
            parent=parent,
        )
        if parent is None:
            roots.append(c)
    return people


@pytest.mark.parametrize("signed_in", [False, True])
def test_thread_costs_the_same_for_5_and_100_comments(
    admin, commentable_blog, organization, signed_in
):
    from participation.comments.targets import target_of

    def queries(count):
        post = create_post(
            actor=admin, component=commentable_blog, data={"title": "P", "body": "b"}
        )
        people = _fill(target_of(post), organization, count)
        viewer = make_user(organization)
        for c in Comment.objects.of_target(post)[:3]:
            services.vote_comment(actor=viewer, comment=c, target=target_of(post), value=1)
        client = host_client("ville-a.test", viewer if signed_in else None)
        page(client, post)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as captured:
            response = page(client, post)
        assert response.status_code == 200
        assert response.content.decode().count('class="comment') >= count
        assert f"/profiles/{people[0].nickname}/" in response.content.decode()
        return len(captured)

    assert queries(5) == queries(100)


def test_blog_listing_counts_comments_in_one_query(admin, alice, commentable_blog, target, post):
    services.create_comment(actor=alice, target=target, body="un")
    services.create_comment(actor=alice, target=target, body="deux")
    gone = services.create_comment(actor=alice, target=target, body="trois")
    services.delete_comment(actor=alice, comment=gone)
    body = host_client("ville-a.test").get(commentable_blog.get_absolute_url()).content.decode()
    assert "2 commentaires" in body


def test_blog_listing_query_count_does_not_grow_with_posts(admin, alice, commentable_blog):
    from participation.comments.targets import target_of

    def queries(count):
        for index in range(count):
            post = create_post(
                actor=admin, component=commentable_blog, data={"title": f"P{index}", "body": "b"}
            )
            services.create_comment(actor=alice, target=target_of(post), body="c")
        client = host_client("ville-a.test")
        client.get(commentable_blog.get_absolute_url())
        with CaptureQueriesContext(connection) as captured:
            assert client.get(commentable_blog.get_absolute_url()).status_code == 200
        return len(captured)

    assert queries(2) == queries(6)


def test_official_replies_stand_out(admin, alice, target, post):
    question = services.create_comment(actor=alice, target=target, body="Q")
    answer = services.create_comment(
        actor=admin, target=target, body="Réponse de la mairie", parent=question, official=True
    )
    body = page(host_client("ville-a.test"), post).content.decode()
    assert f'class="comment comment-official" id="comment-{answer.pk}"' in body
    assert "Réponse officielle" in body


def test_residents_cannot_post_official_replies_through_the_form(alice, bob, target, post):
    question = services.create_comment(actor=alice, target=target, body="Q")
    client = host_client("ville-a.test", bob)
    assert 'name="official"' not in page(client, post).content.decode()
    client.post(create_url(post), {"body": "R", "parent": question.pk, "official": "on"})
    assert not Comment.objects.filter(is_official=True).exists()


def test_deleting_a_post_deletes_its_comments(admin, alice, target, post):
    from blogs.services import delete_post

    services.create_comment(actor=alice, target=target, body="Q")
    delete_post(actor=admin, post=post)
    assert not Comment.objects.exists()
