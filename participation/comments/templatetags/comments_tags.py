"""``{% comments_for object %}``: the thread and the form of any commentable object."""

import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from participation.comments.forms import NewCommentForm
from participation.comments.models import Alignment
from participation.comments.permissions import can_answer_officially, comment_permission
from participation.comments.selectors import ORDERINGS, clean_order, thread
from participation.comments.targets import target_of
from participation.privacy.display import display_name

register = template.Library()


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comments_for(context, obj, component=None):
    request = context["request"]
    user = request.user
    target = target_of(obj, component=component)
    space = getattr(request, "space", None)
    if space is not None and getattr(space, "pk", None) == target.component.space_id:
        target.component.set_space(space)
    permission = comment_permission(user, target.component, space=target.space)
    official = can_answer_officially(user, target.component, space=target.space)
    order = clean_order(request.GET.get("order"))
    context = {
        "request": request,
        "user": user,
        "target": target,
        "thread": thread(target_obj=obj, user=user, organization=request.organization, order=order),
        "permission": permission,
        "can_answer_officially": official,
        "form": NewCommentForm(can_answer_officially=official)
        if permission.allowed or official
        else None,
        "action": reverse("comments:create", kwargs={"key": target.entry.key, "object_id": obj.pk}),
        "order": order,
        "orderings": ORDERINGS.items(),
        "alignments": Alignment.choices,
        "permalink": target.permalink(),
    }
    if not user.is_authenticated and not (permission.allowed or official):
        context["comment_list_html"] = _shared_comment_list(context, target_key=target.entry.key)
    return context


# A rendered thread is the same for every anonymous visitor (no form, no vote, no token):
# kept in the cache under a digest of everything it shows, so any change — a comment, an
# edit, a vote, a moderation, an author's new name — gives a new key, never a stale page.
COMMENT_LIST_CACHE_SECONDS = 600


def _node_state(node, out: list) -> None:
    comment = node.comment
    out.append(
        (
            comment.pk,
            comment.parent_id,
            comment.depth,
            node.html,
            node.hidden,
            comment.is_official,
            comment.deleted_at,
            comment.edited_at,
            comment.created_at,
            comment.alignment,
            comment.up_votes,
            comment.down_votes,
            str(display_name(comment.author)),
        )
    )
    for child in node.children:
        _node_state(child, out)


def _shared_comment_list(context: dict, *, target_key: str) -> SafeString:
    state: list = []
    for node in context["thread"].roots:
        _node_state(node, state)
    digest = hashlib.sha256(
        repr(
            (
                state,
                target_key,
                context["order"],
                context["action"],
                translation.get_language(),
                timezone.get_current_timezone_name(),
            )
        ).encode()
    ).hexdigest()
    key = f"comments:list:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("comments/_comment_list.html", context)
        cache.set(key, html, COMMENT_LIST_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output


@register.filter
def alignment_label(value) -> str:
    try:
        return Alignment(value).label
    except ValueError:
        return ""


@register.filter
def comment_count_label(count) -> str:
    """``{{ post.comment_count|comment_count_label }}``: "3 comments", in the comments catalogue."""
    count = int(count or 0)
    return ngettext("%(count)d comment", "%(count)d comments", count) % {"count": count}
