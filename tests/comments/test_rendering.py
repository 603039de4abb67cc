"""The thread's HTML, built in Python (``participation.comments.rendering``): what each
visitor sees under each comment, and nothing unescaped."""

import re

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from participation.comments import services
from participation.comments.models import Alignment, CommentVote
from participation.comments.rendering import CommentList
from participation.comments.selectors import thread
from tests.factories import make_user


def _html(user, post, *, allowed=True, moderator=False) -> str:
    found = thread(target_obj=post, user=user, organization=post.component.organization)
    renderer = CommentList(
        user=user,
        permission_allowed=allowed,
        can_answer_officially=moderator,
        action="/comments/new/",
        csrf_input='<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">',
    )
    return str(renderer.render(found.roots))


def _item(html: str, pk: int) -> str:
    """The markup of one comment (up to the next comment's)."""
    return next(part for part in html.split('<li class="comment') if f'id="comment-{pk}"' in part)


def test_each_visitor_gets_the_actions_theirs_to_take(alice, bob, target, post):
    mine = services.create_comment(actor=alice, target=target, body="Le mien")
    theirs = services.create_comment(
        actor=bob, target=target, body="Le sien", alignment=Alignment.IN_FAVOUR
    )
    services.vote_comment(actor=alice, comment=theirs, target=target, value=CommentVote.UP)
    html = _html(alice, post)
    own, other = _item(html, mine.pk), _item(html, theirs.pk)
    assert f"/comments/{mine.pk}/edit/" in own and f"/comments/{mine.pk}/delete/" in own
    assert "comment-vote" not in own  # one does not vote on one's own comment
    assert f'action="/comments/{theirs.pk}/vote/"' in other
    assert re.search(r'value="up" class="button-link" aria-pressed="true">[^<]+<span', other)
    assert 'value="down" class="button-link" aria-pressed="false"' in other
    assert 'rel="nofollow"' in other and f"/report/comments.comment/{theirs.pk}/" in other
    assert 'class="comment-alignment comment-alignment-1"' in other
    # Each reply form names its own comment, with the one token of the page.
    assert f'name="parent" value="{theirs.pk}"' in other and 'id="reply-body-' in other
    assert html.count('value="TOKEN"') == html.count("<form")
    assert "reply-official" not in html


def test_read_only_visitors_see_scores_and_no_form(alice, target, post):
    comment = services.create_comment(actor=alice, target=target, body="Avis")
    html = _html(AnonymousUser(), post, allowed=False)
    assert "<form" not in html and "TOKEN" not in html
    assert 'class="comment-score">0 ' in html
    assert f'href="/comments/{comment.pk}/"' in html
    local = timezone.localtime(comment.created_at)
    assert f'datetime="{local.isoformat()}"' in html


def test_moderators_see_hidden_comments_with_a_notice(alice, organization, target, post):
    from participation.moderation import services as moderation

    comment = services.create_comment(actor=alice, target=target, body="Caché")
    admin = make_user(organization, admin=True)
    found = moderation.report(
        actor=make_user(organization), organization=organization, item=comment, reason="spam"
    )
    moderation.hide(actor=admin, moderation=found)
    resident_view = _html(make_user(organization), post)
    assert "Caché" not in resident_view
    moderator_view = _html(admin, post, moderator=True)
    assert "Caché" in moderator_view and "message-warning" in moderator_view
    assert f'id="reply-official-{comment.pk}"' in moderator_view


def test_names_braces_and_markup_are_escaped(organization, target, post):
    evil = make_user(organization, name="{pk} <b>\"Zoé\"</b> & 'co'")
    services.create_comment(actor=evil, target=target, body="Salut")
    html = _html(AnonymousUser(), post, allowed=False)
    assert "{pk} &lt;b&gt;&quot;Zoé&quot;&lt;/b&gt; &amp; &#x27;co&#x27;" in html
    assert "<b>" not in html
