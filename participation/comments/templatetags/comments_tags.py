"""``{% comments_for object %}``: the thread and the form of any commentable object."""

from django import template
from django.urls import reverse
from django.utils.translation import ngettext

from participation.comments.forms import NewCommentForm
from participation.comments.models import Alignment
from participation.comments.permissions import can_answer_officially, comment_permission
from participation.comments.selectors import ORDERINGS, clean_order, thread
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
    permission = comment_permission(user, target.component, space=target.space)
    official = can_answer_officially(user, target.component, space=target.space)
    order = clean_order(request.GET.get("order"))
    return {
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
