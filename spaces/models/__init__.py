"""Spaces, their steps, the organisation's taxonomies, categories and membership."""

from spaces.models.blocks import ContentBlock, HomeBlock
from spaces.models.membership import (
    Category,
    MemberPosition,
    SpaceInvitation,
    SpaceMember,
)
from spaces.models.spaces import (
    Assembly,
    Conference,
    Initiative,
    ParticipatoryProcess,
    ProcessStep,
    Space,
    SpaceQuerySet,
    SpaceRole,
    Visibility,
    Votation,
)
from spaces.models.taxonomy import AssemblyType, ProcessGroup, ProcessType, Scope

__all__ = [
    "Assembly",
    "AssemblyType",
    "Category",
    "Conference",
    "ContentBlock",
    "HomeBlock",
    "Initiative",
    "MemberPosition",
    "ParticipatoryProcess",
    "ProcessGroup",
    "ProcessStep",
    "ProcessType",
    "Scope",
    "Space",
    "SpaceInvitation",
    "SpaceMember",
    "SpaceQuerySet",
    "SpaceRole",
    "Visibility",
    "Votation",
]
