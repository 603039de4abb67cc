from django import template

from participation.notifications import registry, selectors, services

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return selectors.unread_count(user) if user is not None else 0


def _viewer_follows(user, target) -> bool:
    """Loaded with the page's object for this viewer (``selectors.with_followed_by``), or
    one query."""
    loaded = getattr(target, selectors.FOLLOWED_ATTRIBUTE, None)
    return bool(loaded) if loaded is not None else services.is_following(user=user, target=target)


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, target):
    """A follow / stop following form for ``target`` (one query: is it followed?)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(getattr(user, "is_authenticated", False))
    return {
        "target": target,
        "key": registry.key_of(type(target)),
        "signed_in": signed_in,
        "following": signed_in and _viewer_follows(user, target),
        "next": request.get_full_path() if request else "/",
        "csrf_token": context.get("csrf_token"),
    }
