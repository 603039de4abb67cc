from .organizations import Organization, SecondaryHost, SignInMethod
from .users import User

__all__ = ["Organization", "SecondaryHost", "SignInMethod", "User"]
from .action_log import ActionLog  # noqa: E402

__all__ += ["ActionLog"]
from .groups import UserGroup, UserGroupMembership  # noqa: E402

__all__ += ["UserGroup", "UserGroupMembership"]
from .spaces import (  # noqa: E402
    Space,
    SpaceGroupPermission,
    SpaceQuerySet,
    SpaceRole,
    SpaceUserPermission,
    Visibility,
)

__all__ += [
    "Space",
    "SpaceGroupPermission",
    "SpaceQuerySet",
    "SpaceRole",
    "SpaceUserPermission",
    "Visibility",
]
from .taxonomy import Category, Scope  # noqa: E402

__all__ += ["Category", "Scope"]
from .attachments import Attachment, AttachmentKind  # noqa: E402

__all__ += ["Attachment", "AttachmentKind"]
