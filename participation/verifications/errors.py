"""Stable error codes of the verifications app (shared by services, forms, tests)."""

from enum import StrEnum


class VerificationError(StrEnum):
    PERMISSION_DENIED = "permission_denied"
    METHOD_DISABLED = "method_disabled"
    ALREADY_VERIFIED = "already_verified"  # this account already holds the method
    IDENTITY_TAKEN = "identity_taken"  # another account was verified with these data
    PENDING = "pending"  # a request is already waiting
    NO_MATCH = "no_match"
    NO_CENSUS = "no_census"
    INVALID_FILE = "invalid_file"
    INVALID = "invalid"
    WRONG_CODE = "wrong_code"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    EXPIRED = "expired"
    NOT_SENT = "not_sent"
    WRONG_STATE = "wrong_state"
