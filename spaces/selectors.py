"""Reading spaces for public pages, filtered by organisation and visibility."""

from django.db.models import QuerySet

from participation import spaces as core_spaces
from spaces.models import (
    Assembly,
    Space,
    SpaceMember,
    SpaceRole,
)
from spaces.types import SPACE_TYPES, SpaceType


def role_spaces(*, user, model, organization) -> QuerySet:
    """Spaces of ``model`` where ``user`` (or one of their groups) holds any role (lazy)."""
    return core_spaces.role_spaces(
        user=user, organization=organization, queryset=model.objects.all()
    )


def visible_spaces(*, space_type: SpaceType, organization, user) -> QuerySet:
    """Spaces of one type a visitor may see on public pages, published only
    (``participation.spaces.visible_spaces`` for that type; a concertation's steps come along)."""
    return core_spaces.visible_spaces(organization=organization, user=user, space_type=space_type)


def promoted_spaces(*, organization, user, limit: int = 6) -> list[Space]:
    """Promoted spaces of every type, for the home page: one query per type."""
    spaces: list[Space] = []
    for space_type in SPACE_TYPES.values():
        spaces.extend(
            visible_spaces(space_type=space_type, organization=organization, user=user).filter(
                promoted=True
            )[:limit]
        )
    spaces.sort(key=lambda space: (space.start_date is None, space.start_date), reverse=False)
    return spaces[:limit]


def spaces_in_backoffice(*, user, organization) -> list[tuple[SpaceType, list]]:
    """Per space type, the spaces this person may open in the back-office, with their roles.

    Organisation admins see every space (published or not); others see the
    spaces where they, or one of their groups, hold a role. A fixed number of
    queries: two per space type.
    """
    is_admin = user.is_admin_of(organization)
    result = []
    for space_type in SPACE_TYPES.values():
        queryset = space_type.model.objects.of(organization).order_by("title")
        if not is_admin:
            queryset = role_spaces(user=user, model=space_type.model, organization=organization)
        spaces = list(queryset.order_by("title"))
        held = {} if is_admin else _held_by_space(user, [space.pk for space in spaces])
        for space in spaces:
            codes = held.get(space.pk, set())
            space.held_roles = [role for role in SpaceRole if is_admin or role.value in codes]
        result.append((space_type, spaces))
    return result


def _held_by_space(user, space_ids: list[int]) -> dict[int, set[str]]:
    """Role codenames held per space, directly or through a group: one query."""
    from participation.models import SpaceGroupPermission, SpaceUserPermission

    if not space_ids:
        return {}
    rows = (
        SpaceUserPermission.objects.filter(user=user, content_object_id__in=space_ids)
        .values_list("content_object_id", "permission__codename")
        .union(
            SpaceGroupPermission.objects.filter(
                group__user=user, content_object_id__in=space_ids
            ).values_list("content_object_id", "permission__codename")
        )
    )
    held: dict[int, set[str]] = {}
    for space_id, code in rows:
        held.setdefault(space_id, set()).add(code)
    return held


def holds_any_space_role(user, organization) -> bool:
    """Back-office entry rule: a role on at least one space of the organisation."""
    return core_spaces.role_spaces(user=user, organization=organization).exists()


def space_page_extras(space: Space, *, user) -> dict:
    """What a space page adds to the space itself: its composition and sub-assemblies.

    Two queries for an assembly, none otherwise.
    """
    if not isinstance(space, Assembly):
        return {}
    members = list(
        SpaceMember.objects.filter(
            space=space,
            accepted_at__isnull=False,
        ).select_related("user")
    )
    children = list(
        visible_spaces(
            space_type=SPACE_TYPES["assemblies"], organization=space.organization, user=user
        )
        .filter(parent=space)
        .order_by("title")
    )
    return {"members": members, "child_assemblies": children}


def prepare_blocks(blocks: list, space, user) -> list:
    """Fill ``block.view`` and ``block.kind_info`` for display: one pass per kind."""
    from spaces.blocks import PageData, block_kind

    page = PageData(space, user)
    known = [block for block in blocks if block_kind(block.kind) is not None]
    by_kind: dict[str, list] = {}
    for block in known:
        block.kind_info = block_kind(block.kind)
        block.view = {}
        by_kind.setdefault(block.kind, []).append(block)
    for key, group in by_kind.items():
        prepare = block_kind(key).prepare
        if prepare is not None:
            prepare(group, page)
    return known


def published_blocks(space, *, user) -> list:
    """The published blocks of ``space`` in order, ready to display (fixed queries)."""
    from spaces.models import ContentBlock

    blocks = list(
        ContentBlock.objects.filter(
            organization_id=space.organization_id,
            space=space,
            published=True,
        ).order_by("position", "id")
    )
    return prepare_blocks(blocks, space, user)


def space_files(space):
    """The files of the space itself and of its documents blocks (not those of proposals,
    projects... in its components)."""
    from participation.attachments import content_type_of
    from participation.models import Attachment, Space
    from spaces.models import ContentBlock

    return Attachment.objects.filter(
        organization_id=space.organization_id,
        space_id=space.pk,
        content_type__in=[content_type_of(Space), content_type_of(ContentBlock)],
    )


def space_attachments(space) -> list:
    """Files attached to the space itself (not those of documents blocks): one query."""
    from participation.attachments import attachments_of

    return list(attachments_of(space).order_by("title", "id"))


DEFAULT_HOME = ("hero", "promoted", "explore")


def latest_news(*, organization, user, limit: int = 3) -> list:
    """The latest news items of published components of spaces the visitor may see, newest
    first: each component type's asked to its manifest's news hook (which leaves out what
    is unpublished or hidden), one query per type offering news plus one per space type
    present, whatever the data size."""
    from participation.components import registry
    from participation.moderation.visibility import visible_components

    components = visible_components(organization=organization, user=user)
    items = []
    for manifest in registry.all_manifests():
        if manifest.news is not None:
            items.extend(manifest.news(components.filter(manifest_name=manifest.name), limit))
    items.sort(key=lambda item: item.date, reverse=True)
    return items[:limit]


def home_blocks(*, organization, user) -> list:
    """The enabled home blocks, ready to display; the default layout when none is configured."""
    from participation.moderation.visibility import visible_components
    from spaces.blocks import home_block_kind, upcoming_meetings
    from spaces.models import HomeBlock

    configured = list(
        HomeBlock.objects.filter(organization=organization).order_by("position", "id")
    )
    if configured:
        blocks = [block for block in configured if block.enabled and home_block_kind(block.kind)]
    else:
        blocks = [HomeBlock(organization=organization, kind=kind) for kind in DEFAULT_HOME]
    cache: dict = {}
    for block in blocks:
        block.kind_info = home_block_kind(block.kind)
        block.view = {}
        if block.kind == "promoted":
            if "promoted" not in cache:
                cache["promoted"] = promoted_spaces(organization=organization, user=user)
            block.view = {"spaces": cache["promoted"]}
        elif block.kind == "news":
            if "news" not in cache:
                cache["news"] = latest_news(organization=organization, user=user)
            block.view = {"posts": cache["news"]}
        elif block.kind == "meetings":
            if "meetings" not in cache:
                cache["meetings"] = upcoming_meetings(
                    visible_components(organization=organization, user=user)
                )
            block.view = {"meetings": cache["meetings"]}
        elif block.kind == "explore":
            block.view = {"space_types": SPACE_TYPES.values()}
    return blocks
