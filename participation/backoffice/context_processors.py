from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from participation.backoffice.registry import may_enter, sections_for

# The user menu's back-office link is on every page a signed-in person sees, and the
# entry rules (space roles, moderation) cost a query per space type each: the answer
# is kept in the cache, retired whenever an object permission or a group membership
# changes anywhere. The back-office itself always checks afresh.
_VERSION_KEY = "backoffice:may-enter-version"
MAY_ENTER_CACHE_SECONDS = 300


def may_enter_cached(user, organization) -> bool:
    if not user.is_active or organization is None or user.organization_id != organization.pk:
        return False
    if user.is_admin_of(organization):
        return may_enter(user, organization)
    version = cache.get(_VERSION_KEY, 0)
    key = f"backoffice:may-enter:{version}:{organization.pk}:{user.pk}"
    allowed = cache.get(key)
    if allowed is None:
        allowed = may_enter(user, organization)
        cache.set(key, allowed, MAY_ENTER_CACHE_SECONDS)
    return allowed


def _bump() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, timeout=None)


def forget_entry_rights(sender=None, using=None, **kwargs) -> None:
    _bump()
    transaction.on_commit(_bump, using=using)


def connect() -> None:
    from django.contrib.auth import get_user_model
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from participation.models import SpaceGroupPermission, SpaceUserPermission

    models = (
        UserObjectPermission,
        GroupObjectPermission,
        SpaceUserPermission,
        SpaceGroupPermission,
    )
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                forget_entry_rights,
                sender=model,
                dispatch_uid=f"may_enter_{model.__name__}_{signal}",
            )
    m2m_changed.connect(
        forget_entry_rights,
        sender=get_user_model().groups.through,
        dispatch_uid="may_enter_user_groups",
    )


def backoffice(request):
    """The back-office link (computed only if a template asks) and, on its pages, the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {"can_enter_backoffice": partial(may_enter_cached, user, request.organization)}
    if request.path.startswith("/admin/"):
        context["backoffice_sections"] = sections_for(user, request.organization)
    return context
