"""Stable error codes of the privacy app, shared by services, forms and tests."""

from enum import StrEnum


class PrivacyError(StrEnum):
    PERMISSION_DENIED = "permission_denied"
    EXPORT_PENDING = "export_pending"
    WRONG_PASSWORD = "wrong_password"
    WRONG_CONFIRMATION = "wrong_confirmation"
    LAST_ADMIN = "last_admin"
    SELF = "self"
    TARGET_IS_ADMIN = "target_is_admin"
    INACTIVE = "inactive"
    REASON_REQUIRED = "reason_required"
