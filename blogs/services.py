"""Writing posts: the space's admins only, one transaction, an action-log entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from blogs import events, notifications
from blogs.models import Post
from participation.errors import ErrorCode, ServiceError
from spaces.permissions import can_manage_space

if TYPE_CHECKING:
    from participation.components.models import Component
    from participation.models import User

FIELDS = ("title", "body", "published_at", "image", "image_alt")


def _check(actor: User, component: Component) -> None:
    if component.manifest_name != "blogs" or not can_manage_space(actor, component.space):
        raise ServiceError(
            _("You are not allowed to write in this blog."), ErrorCode.PERMISSION_DENIED
        )


@transaction.atomic
def create_post(*, actor: User, component: Component, data: dict) -> Post:
    _check(actor, component)
    post = Post(component=component, author=actor)
    for name in FIELDS:
        if name in data:
            setattr(post, name, data[name])
    post.full_clean()
    post.save()
    events.post_created(organization=component.organization, actor=actor, target=post)
    notifications.post_saved(actor=actor, post=post)
    return post


@transaction.atomic
def update_post(*, actor: User, post: Post, data: dict) -> Post:
    _check(actor, post.component)
    for name in FIELDS:
        if name in data:
            setattr(post, name, data[name])
    post.full_clean()
    post.save()
    events.post_updated(organization=post.component.organization, actor=actor, target=post)
    return post


@transaction.atomic
def delete_post(*, actor: User, post: Post) -> None:
    _check(actor, post.component)
    events.post_deleted(organization=post.component.organization, actor=actor, target=post)
    post.delete()
