"""Stable error codes shared by services, forms and tests."""

from enum import StrEnum

from django.core.exceptions import ValidationError


class ErrorCode(StrEnum):
    PERMISSION_DENIED = "permission_denied"
    HOST_TAKEN = "host_taken"
    NAME_TAKEN = "name_taken"
    EMAIL_TAKEN = "email_taken"
    INVALID = "invalid"


class ServiceError(ValidationError):
    """A refused state change: carries a stable code and a message for people."""

    def __init__(self, message, code: ErrorCode, params=None, field: str | None = None):
        self.field = field
        if field:
            super().__init__({field: [ValidationError(message, code=code.value, params=params)]})
        else:
            super().__init__(message, code=code.value, params=params)
        self.error_code = code
