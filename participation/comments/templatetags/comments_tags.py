"""``{% comments_for object %}``: the thread and the form of any commentable object."""

import hashlib

from django import template
from django.core.cache import cache
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from participation.comments.forms import NewCommentForm
from participation.comments.permissions import can_answer_officially, comment_permission
from participation.comments.rendering import CommentList
from participation.comments.selectors import ORDERINGS, clean_order, thread, thread_summary
from participation.comments.targets import target_of

register = template.Library()


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comments_for(context, obj, component=None):
    request = context["request"]
    user = request.user
    target = target_of(obj, component=component)
    space = getattr(request, "space", None)
    if space is not None and getattr(space, "pk", None) == target.component.space_id:
        target.component.set_space(space)
    permission = comment_permission(user=user, component=target.component, space=target.space)
    official = can_answer_officially(user=user, component=target.component, space=target.space)
    order = clean_order(request.GET.get("order"))
    context = {
        "request": request,
        "user": user,
        "target": target,
        "permission": permission,
        "can_answer_officially": official,
        "form": NewCommentForm(can_answer_officially=official)
        if permission.allowed or official
        else None,
        "action": reverse("comments:create", kwargs={"key": target.entry.key, "object_id": obj.pk}),
        "order": order,
        "orderings": ORDERINGS.items(),
        "permalink": target.permalink(),
    }
    comment_list = CommentList(
        user=user,
        permission_allowed=permission.allowed,
        can_answer_officially=official,
        action=context["action"],
        # One token for the hundred forms of a long thread.
        csrf_input=csrf_input(request) if user.is_authenticated else "",
    )
    if not user.is_authenticated and not (permission.allowed or official):
        _shared_thread(context, comment_list, target_obj=obj, organization=request.organization)
    else:
        context["thread"] = thread(
            target_obj=obj, user=user, organization=request.organization, order=order
        )
        context["comment_list_html"] = comment_list.render(context["thread"].roots)
    return context


# A rendered thread is the same for every anonymous visitor (no form, no vote, no token):
# kept in the cache under a digest of everything it shows, so any change — a comment, an
# edit, a vote, a moderation, an author's new name — gives a new key, never a stale page.
# The digest comes from plain rows (``thread_summary``); the thread is built only to
# render it when the cache does not have it.
COMMENT_LIST_CACHE_SECONDS = 600


def _shared_thread(context: dict, comment_list, *, target_obj, organization) -> None:
    summary = thread_summary(target_obj=target_obj, organization=organization)
    context["thread"] = summary
    if not summary.roots:  # nothing to show, nothing to cache
        context["comment_list_html"] = ""
        return
    digest = hashlib.sha256(
        repr(
            (
                summary.state,
                context["target"].entry.key,
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
        full = thread(
            target_obj=target_obj,
            user=context["user"],
            organization=organization,
            order=context["order"],
        )
        html = str(comment_list.render(full.roots))
        cache.set(key, html, COMMENT_LIST_CACHE_SECONDS)
    context["comment_list_html"] = mark_safe(html)  # noqa: S308 - CommentList's output


@register.filter
def comment_count_label(count) -> str:
    """``{{ post.comment_count|comment_count_label }}``: "3 comments", in the comments catalogue."""
    count = int(count or 0)
    return ngettext("%(count)d comment", "%(count)d comments", count) % {"count": count}
