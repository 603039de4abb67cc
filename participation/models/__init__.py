from .organizations import Organization, SecondaryHost, SignInMethod
from .users import User

__all__ = ["Organization", "SecondaryHost", "SignInMethod", "User"]
from .action_log import ActionLog  # noqa: E402

__all__ += ["ActionLog"]
from .groups import UserGroup  # noqa: E402

__all__ += ["UserGroup"]
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
from .attachments import Attachment, AttachmentKind  # noqa: E402

__all__ += ["Attachment", "AttachmentKind"]
