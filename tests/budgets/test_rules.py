"""Ballot validity rules: pure checks, exact money."""

from decimal import Decimal

import pytest

from budgets.component import RULE_FIXED_PROJECTS, RULE_MINIMUM_SHARE, RULE_PROJECT_RANGE
from budgets.rules import VoteRule, can_add, check

TOTAL = Decimal("1000.00")


def costs(*values):
    return [Decimal(v) for v in values]


def test_minimum_share_is_reached_exactly_at_the_percentage():
    rule = VoteRule(kind=RULE_MINIMUM_SHARE, minimum_share=70)
    below = check(rule=rule, total=TOTAL, costs=costs("699.99"))
    at = check(rule=rule, total=TOTAL, costs=costs("300", "400"))
    assert not below.is_valid and "70" in below.problems[0]
    assert at.is_valid and at.percent == 70 and at.left == Decimal("300")


def test_over_the_budget_is_never_valid_whatever_the_rule():
    for rule in (
        VoteRule(kind=RULE_MINIMUM_SHARE, minimum_share=0),
        VoteRule(kind=RULE_PROJECT_RANGE, minimum_projects=1, maximum_projects=5),
        VoteRule(kind=RULE_FIXED_PROJECTS, fixed_projects=2),
    ):
        result = check(rule=rule, total=TOTAL, costs=costs("600", "400.01"))
        assert not result.is_valid
        assert result.left == Decimal("-0.01")


def test_an_empty_ballot_is_not_a_vote():
    result = check(rule=VoteRule(kind=RULE_MINIMUM_SHARE, minimum_share=0), total=TOTAL, costs=[])
    assert not result.is_valid


@pytest.mark.parametrize(("count", "valid"), [(1, False), (2, True), (3, True), (4, False)])
def test_project_range(count, valid):
    rule = VoteRule(kind=RULE_PROJECT_RANGE, minimum_projects=2, maximum_projects=3)
    assert check(rule=rule, total=TOTAL, costs=costs(*["10"] * count)).is_valid is valid


@pytest.mark.parametrize(("count", "valid"), [(2, False), (3, True), (4, False)])
def test_fixed_number_of_projects(count, valid):
    rule = VoteRule(kind=RULE_FIXED_PROJECTS, fixed_projects=3)
    result = check(rule=rule, total=TOTAL, costs=costs(*["10"] * count))
    assert result.is_valid is valid
    assert len(result.problems) == (0 if valid else 1)


def test_can_add_refuses_what_does_not_fit_or_exceeds_the_maximum():
    share = VoteRule(kind=RULE_MINIMUM_SHARE, minimum_share=70)
    assert can_add(rule=share, total=TOTAL, costs=costs("900"), cost=Decimal("100")) is None
    assert can_add(rule=share, total=TOTAL, costs=costs("900"), cost=Decimal("100.01"))
    fixed = VoteRule(kind=RULE_FIXED_PROJECTS, fixed_projects=2)
    assert can_add(rule=fixed, total=TOTAL, costs=costs("1", "1"), cost=Decimal("1"))


def test_inconsistent_range_is_reported():
    assert VoteRule(
        kind=RULE_PROJECT_RANGE, minimum_projects=4, maximum_projects=2
    ).inconsistencies()
    assert not VoteRule(kind=RULE_PROJECT_RANGE, minimum_projects=4).inconsistencies()
