"""Our greedy and Equal Shares outcomes equal pabutools' on real and generated elections.

pabutools is slow on large elections (minutes on Toulouse 2024): that is
why the project has its own counting; here it is the reference.
"""

import pytest

from budgets import pabulib
from budgets.counting import equal_shares, greedy
from budgets.generate import generate_election
from tests.budgets.conftest import PABULIB_FILES
from tests.budgets.pabutools_reference import (
    reference_greedy,
    reference_mes,
    references_of_file,
)

APPROVAL_FILES = [path for path in PABULIB_FILES if pabulib.read(path).election().is_approval]


def test_the_shared_folder_has_approval_elections():
    assert len(APPROVAL_FILES) >= 5


@pytest.mark.parametrize("path", APPROVAL_FILES, ids=lambda p: p.stem)
def test_greedy_equals_pabutools_on_real_elections(path):
    election = pabulib.read(path).election()
    expected_greedy, _expected_mes = references_of_file(path)
    assert greedy(election) == expected_greedy


@pytest.mark.parametrize("path", APPROVAL_FILES, ids=lambda p: p.stem)
def test_equal_shares_equals_pabutools_on_real_elections(path):
    election = pabulib.read(path).election()
    _expected_greedy, expected_mes = references_of_file(path)
    # Same projects in the same order of selection.
    assert equal_shares(election) == expected_mes


GENERATED = [
    # (voters, projects, seed, max approvals, budget share, cost step): small enough for
    # pabutools, with costs on a coarse grid so that ties in cost and votes occur.
    (voters, projects, seed, approvals, share, step)
    for seed, (voters, projects, approvals, share, step) in enumerate(
        [
            (12, 6, 3, 0.3, 50_000),
            (40, 10, 4, 0.25, 50_000),
            (60, 12, 5, 0.4, 25_000),
            (25, 8, 2, 0.5, 100_000),
            (80, 15, 6, 0.2, 10_000),
            (7, 5, 5, 0.6, 100_000),
            (150, 20, 4, 0.15, 5_000),
            (33, 9, 9, 0.35, 50_000),
        ]
        * 3
    )
]


@pytest.mark.parametrize(("voters", "projects", "seed", "approvals", "share", "step"), GENERATED)
def test_both_rules_equal_pabutools_on_generated_elections(
    voters, projects, seed, approvals, share, step
):
    election = generate_election(
        voters=voters,
        projects=projects,
        seed=seed,
        max_approvals=approvals,
        budget_share=share,
        cost_range=(step, 20 * step),
        cost_step=step,
    )
    assert greedy(election) == reference_greedy(election)
    assert equal_shares(election) == reference_mes(election)
