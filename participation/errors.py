"""Stable error codes shared by services, forms and tests."""

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.functional import Promise


class ErrorCode(StrEnum):
    PERMISSION_DENIED = "permission_denied"
    HOST_TAKEN = "host_taken"
    NAME_TAKEN = "name_taken"
    EMAIL_TAKEN = "email_taken"
    INVALID = "invalid"


class ServiceError(ValidationError):
    """A refused state change: carries a stable code and a message for people."""

    # ``code``: a member of ErrorCode or of an app's own enum (proposals.errors...).
    def __init__(
        self,
        message: str | Promise | dict[str, list[str]],
        code: StrEnum,
        params: dict | None = None,
        field: str | None = None,
    ) -> None:
        self.field = field
        if field:
            super().__init__({field: [ValidationError(message, code=code.value, params=params)]})
        else:
            super().__init__(message, code=code.value, params=params)
        self.error_code = code
