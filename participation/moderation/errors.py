from enum import StrEnum


class ModerationError(StrEnum):
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    ALREADY_REPORTED = "already_reported"
    OWN_ITEM = "own_item"
    INVALID = "invalid"
