"""Stable error codes of the proposals back-office services (answers, evaluators, links)."""

from enum import StrEnum


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
