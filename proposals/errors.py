"""Stable error codes of the proposals services (participants' side and back office),
shared by views and tests."""

from enum import StrEnum


class ProposalError(StrEnum):
    PERMISSION_DENIED = "permission_denied"
    INVALID = "invalid"
    CREATION_CLOSED = "creation_closed"
    NOT_AUTHOR = "not_author"
    EDIT_TIME_OVER = "edit_time_over"
    ALREADY_PUBLISHED = "already_published"
    WITHDRAWN = "withdrawn"
    SUPPORTS_CLOSED = "supports_closed"
    SUPPORTS_BLOCKED = "supports_blocked"
    NOT_SUPPORTABLE = "not_supportable"
    ALREADY_SUPPORTED = "already_supported"
    NOT_SUPPORTED = "not_supported"
    SUPPORT_LIMIT = "support_limit_reached"
    THRESHOLD_REACHED = "threshold_reached"
    BAD_VALUE = "bad_support_value"
    ATTACHMENTS_CLOSED = "attachments_closed"


class BackofficeError(StrEnum):
    PERMISSION_DENIED = "permission_denied"
    INVALID = "invalid"
    NOT_ANSWERABLE = "not_answerable"
    NOTHING_TO_PUBLISH = "nothing_to_publish"
    STATE_IN_USE = "state_in_use"
    NOT_AN_EVALUATOR = "not_an_evaluator"
    EMPTY_SELECTION = "empty_selection"
    NOT_MERGEABLE = "not_mergeable"
    OTHER_ORGANIZATION = "other_organization"
