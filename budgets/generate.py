"""Generated approval elections, for tests and benchmarks (seeded, repeatable)."""

import random
from fractions import Fraction

from budgets.election import Election


def generate_election(
    *,
    voters: int,
    projects: int,
    seed: int = 0,
    max_approvals: int = 8,
    budget_share: float = 0.25,
    cost_range: tuple[int, int] = (5_000, 200_000),
    cost_step: int = 1_000,
) -> Election:
    """Voters approve 1..max_approvals projects, popular ones more often (a skewed draw).

    Costs are multiples of ``cost_step`` so that ties in cost happen, as in
    real elections; the budget is ``budget_share`` of the total cost.
    """
    rng = random.Random(seed)
    ids = [f"p{number}" for number in range(1, projects + 1)]
    low, high = cost_range
    costs = {p: Fraction(rng.randrange(low, high + 1, cost_step)) for p in ids}
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(projects)]
    rng.shuffle(popularity)
    ballots = []
    for _ in range(voters):
        size = rng.randint(1, min(max_approvals, projects))
        chosen = set()
        while len(chosen) < size:
            chosen.update(rng.choices(ids, weights=popularity, k=size - len(chosen)))
        ballots.append(dict.fromkeys(sorted(chosen), 1))
    budget = Fraction(int(sum(costs.values()) * budget_share))
    return Election(budget=budget, costs=costs, ballots=ballots)
