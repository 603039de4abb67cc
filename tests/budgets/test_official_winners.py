"""Our rules reproduce the official winners of the real elections that used them."""

import pytest

from budgets import pabulib
from budgets.counting import count
from tests.budgets.conftest import PABULIB_FILES

OUR_RULES = {
    "greedy": "greedy",
    "equalshares/add1": "mes",
    "equalshares/add1-comparison": "mes-compare",
}

OFFICIAL = [
    path
    for path in PABULIB_FILES
    if pabulib.read(path).meta.get("rule") in OUR_RULES
    and pabulib.read(path).selected() is not None
]


def test_every_rule_we_implement_has_an_official_election_here():
    rules = {pabulib.read(path).meta["rule"] for path in OFFICIAL}
    assert rules == set(OUR_RULES)


@pytest.mark.parametrize("path", OFFICIAL, ids=lambda p: p.stem)
def test_official_winners_are_reproduced(path):
    parsed = pabulib.read(path)
    selected = count(parsed.election(), OUR_RULES[parsed.meta["rule"]])
    assert sorted(selected) == sorted(parsed.selected())
