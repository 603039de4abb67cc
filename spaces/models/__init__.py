"""Spaces, their steps, the organisation's space groups and types, and membership."""

from spaces.models.blocks import ContentBlock, HomeBlock
from spaces.models.membership import (
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
from spaces.models.taxonomy import AssemblyType, ProcessGroup, ProcessType

__all__ = [
    "Assembly",
    "AssemblyType",
    "Conference",
    "ContentBlock",
    "HomeBlock",
    "Initiative",
    "MemberPosition",
    "ParticipatoryProcess",
    "ProcessGroup",
    "ProcessStep",
    "ProcessType",
    "Space",
    "SpaceInvitation",
    "SpaceMember",
    "SpaceQuerySet",
    "SpaceRole",
    "Visibility",
    "Votation",
]
