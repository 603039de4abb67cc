"""Writing pages: the space's admins only, one transaction, an action-log entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from pages import events
from pages.models import Page
from participation.embeds import Video
from participation.errors import ErrorCode, ServiceError
from spaces.permissions import can_manage_space

if TYPE_CHECKING:
    from participation.components.models import Component
    from participation.models import User

FIELDS = ("title", "body", "image", "image_alt", "video_title")


def _check(actor: User, component: Component) -> None:
    if component.manifest_name != "pages" or not can_manage_space(actor, component.space):
        raise ServiceError(
            _("You are not allowed to edit the pages of this space."),
            ErrorCode.PERMISSION_DENIED,
        )


def _apply(page: Page, data: dict, video: Video | None) -> None:
    for name in FIELDS:
        if name in data:
            setattr(page, name, data[name])
    page.video_provider = video.provider if video else ""
    page.video_id = video.video_id if video else ""


@transaction.atomic
def create_page(
    *, actor: User, component: Component, data: dict, video: Video | None = None
) -> Page:
    _check(actor, component)
    last = component.pages.aggregate(last=Max("position"))["last"]
    page = Page(component=component, position=0 if last is None else last + 1)
    _apply(page, data, video)
    page.full_clean()
    page.save()
    events.page_created(organization=component.organization, actor=actor, target=page)
    return page


@transaction.atomic
def update_page(*, actor: User, page: Page, data: dict, video: Video | None = None) -> Page:
    _check(actor, page.component)
    _apply(page, data, video)
    page.full_clean()
    page.save()
    events.page_updated(organization=page.component.organization, actor=actor, target=page)
    return page


@transaction.atomic
def delete_page(*, actor: User, page: Page) -> None:
    _check(actor, page.component)
    events.page_deleted(organization=page.component.organization, actor=actor, target=page)
    page.delete()
