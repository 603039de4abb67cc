"""Stable error codes of the ballot services, shared by views and tests."""

from enum import StrEnum


class BallotError(StrEnum):
    PERMISSION_DENIED = "permission_denied"
    NOT_SIGNED_IN = "not_signed_in"
    VERIFICATION_REQUIRED = "verification_required"
    VOTING_CLOSED = "voting_closed"
    VOTING_BLOCKED = "voting_blocked"
    WRONG_BUDGET = "wrong_budget"
    WRONG_PROJECT = "wrong_project"
    OTHER_BUDGET_CHOSEN = "other_budget_chosen"
    ALREADY_CAST = "already_cast"
    ALREADY_IN_BALLOT = "already_in_ballot"
    NOT_IN_BALLOT = "not_in_ballot"
    DOES_NOT_FIT = "does_not_fit"
    INVALID_BALLOT = "invalid_ballot"
    NO_BALLOT = "no_ballot"
    CANCEL_NOT_ALLOWED = "cancel_not_allowed"
    NOT_CAST = "not_cast"
    # Publishing results while voting is still open needs the administrator's confirmation.
    VOTING_OPEN = "voting_open"
