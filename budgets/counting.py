"""Counting rules: greedy and the Method of Equal Shares, exact and fast.

Pure functions over ``budgets.election.Election``. Every decision is taken on
exact values: fractions for scores, and for Equal Shares integer arithmetic
on budgets scaled to a common denominator (see ``_EqualSharesRun``).
"""

from collections import Counter
from fractions import Fraction
from math import gcd, lcm

from budgets.election import Election, ElectionError

GREEDY = "greedy"
MES = "mes"
MES_COMPARE = "mes-compare"
RULES = (GREEDY, MES, MES_COMPARE)


def count(election: Election, rule: str) -> list[str]:
    """The selected project ids, in order of selection."""
    if rule == GREEDY:
        return greedy(election)
    if rule == MES:
        return equal_shares(election)
    if rule == MES_COMPARE:
        return equal_shares_with_comparison(election)
    raise ElectionError(f"Unknown rule {rule!r}; choose one of {', '.join(RULES)}.")


# --- Greedy -------------------------------------------------------------------


def greedy(election: Election) -> list[str]:
    """Projects by score (votes, or points), skipping those that no longer fit.

    Ties: lower cost, then project id compared as text. As pabutools'
    greedy_utilitarian_welfare with cost satisfaction, whose "satisfaction per
    cost" is the score itself, and infinite for a free project someone wants.
    """
    scores = election.scores()
    costs = election.costs

    def order(project: str):
        score, cost = scores[project], costs[project]
        free_and_wanted = cost == 0 and score > 0
        return (not free_and_wanted, -score, cost, project)

    remaining = election.budget
    selected = []
    for project in sorted(costs, key=order):
        if costs[project] <= remaining:
            selected.append(project)
            remaining -= costs[project]
    return selected


# --- Method of Equal Shares ------------------------------------------------------


def _require_approval(election: Election) -> None:
    if not election.is_approval:
        raise ElectionError(
            f"The Method of Equal Shares counts approval ballots; this election has "
            f"{election.vote_type} ballots."
        )


def equal_shares(election: Election) -> list[str]:
    """Method of Equal Shares, cost satisfaction, completed by "add1".

    Each of the n voters starts with budget/n; the run is repeated with every
    voter's share raised by one currency unit until the outcome would exceed
    the budget (then the previous outcome is kept) or no further project fits.
    Ties: lower cost, then more votes, then project id as text.
    """
    _require_approval(election)
    counter = _EqualShares(election)
    previous: list[str] | None = None
    increment = 0
    while True:
        outcome = counter.run(increment)
        if previous is not None and counter.cost_of(outcome) > counter.budget:
            return previous
        if counter.is_exhaustive(outcome):
            return outcome
        previous = outcome
        increment += 1


def equal_shares_with_comparison(election: Election) -> list[str]:
    """Equal Shares, then kept only if no more voters prefer the greedy outcome.

    A voter prefers the outcome that funds more of the projects they
    approved (Wieliczka's final comparison step).
    """
    _require_approval(election)
    shares = equal_shares(election)
    greedy_outcome = greedy(election)
    shares_set, greedy_set = set(shares), set(greedy_outcome)
    prefer_shares = prefer_greedy = 0
    for ballot in election.ballots:
        funded_by_shares = len(shares_set.intersection(ballot))
        funded_by_greedy = len(greedy_set.intersection(ballot))
        if funded_by_shares > funded_by_greedy:
            prefer_shares += 1
        elif funded_by_greedy > funded_by_shares:
            prefer_greedy += 1
    return greedy_outcome if prefer_greedy > prefer_shares else shares


class _EqualShares:
    """Equal Shares on integers.

    Money is scaled by S (the common denominator of budget and costs) to be
    integral. Voters with the same ballot always hold the same budget, so they
    form one group with a weight. A voter's budget is stored as an integer
    numerator over a denominator ``scale`` shared by everyone; when a project
    is bought at a price per supporter rem/W, every numerator and the scale
    are multiplied by W so the price becomes an integer again, then the whole
    set is divided by its gcd to keep the numbers small.
    """

    def __init__(self, election: Election) -> None:
        money = [election.budget, *election.costs.values()]
        self.unit = lcm(*(Fraction(value).denominator for value in money)) if money else 1
        self.budget = int(election.budget * self.unit)
        self.costs = {p: int(c * self.unit) for p, c in election.costs.items()}
        self.voters = len(election.ballots)
        groups = Counter(frozenset(ballot) for ballot in election.ballots if ballot)
        self.group_ballots = list(groups)
        self.weights = [groups[ballot] for ballot in self.group_ballots]
        votes = election.approvals()
        self.votes = votes
        supporters: dict[str, list[int]] = {p: [] for p in self.costs}
        for index, ballot in enumerate(self.group_ballots):
            for project in ballot:
                supporters[project].append(index)
        self.supporters = supporters
        wanted = [p for p in self.costs if supporters[p]]
        # Free projects someone wants are bought before anything else.
        self.free = sorted((p for p in wanted if self.costs[p] == 0), key=self._tie_key)
        self.candidates = [p for p in wanted if self.costs[p] > 0]
        self.total_weight = {p: sum(self.weights[i] for i in supporters[p]) for p in wanted}

    def _tie_key(self, project: str):
        return (self.costs[project], -self.votes[project], project)

    def cost_of(self, outcome: list[str]) -> int:
        return sum(self.costs[p] for p in outcome)

    def is_exhaustive(self, outcome: list[str]) -> bool:
        """No wanted project left out still fits in what the budget has left."""
        left = self.budget - self.cost_of(outcome)
        chosen = set(outcome)
        return all(self.costs[p] > left for p in self.candidates if p not in chosen)

    def run(self, increment: int) -> list[str]:
        # Each voter starts with budget/n + increment currency units: numerators
        # over the scale n.
        if self.voters == 0:
            return []
        start = self.budget + increment * self.unit * self.voters
        return _EqualSharesRun(self, start, self.voters).outcome


class _EqualSharesRun:
    def __init__(self, shares: _EqualShares, start: int, scale: int) -> None:
        self.shares = shares
        self.budgets = [start] * len(shares.group_ballots)
        self.scale = scale
        self.outcome = list(shares.free)
        self._buy_all()

    def _price(self, project: str):
        """(rem, W): the price per rich supporter is rem/W over the current scale.

        None when the supporters cannot pay the cost together.
        """
        shares, budgets = self.shares, self.budgets
        rem = shares.costs[project] * self.scale
        weight = shares.total_weight[project]
        weights = shares.weights
        for index in sorted(shares.supporters[project], key=budgets.__getitem__):
            budget = budgets[index]
            if budget * weight >= rem:
                return rem, weight
            rem -= budget * weights[index]
            weight -= weights[index]
        return None

    def _buy_all(self) -> None:
        shares = self.shares
        # Affordability rho = price / cost never decreases while budgets only
        # shrink, so the last value computed is a lower bound: projects are
        # examined from the best bound and the search stops once the bound
        # exceeds the best exact value found (as pabutools does).
        bound: dict[str, Fraction] = {
            p: Fraction(1, shares.total_weight[p]) for p in shares.candidates
        }
        while bound:
            best: Fraction | None = None
            tied: list[str] = []
            prices: dict[str, tuple[int, int]] = {}
            for project in sorted(bound, key=bound.__getitem__):
                if best is not None and bound[project] > best:
                    break
                price = self._price(project)
                if price is None:
                    del bound[project]  # unaffordable now, and for the rest of the run
                    continue
                rem, weight = price
                rho = Fraction(rem, weight * self.scale * shares.costs[project])
                bound[project] = rho
                prices[project] = price
                if best is None or rho < best:
                    best, tied = rho, [project]
                elif rho == best:
                    tied.append(project)
            if not tied:
                return
            chosen = min(tied, key=shares._tie_key)
            self._pay(chosen, *prices[chosen])
            self.outcome.append(chosen)
            del bound[chosen]

    def _pay(self, project: str, rem: int, weight: int) -> None:
        """Each supporter pays min(budget, rem/weight); rescale so it stays integral."""
        budgets = [b * weight for b in self.budgets]
        for index in self.shares.supporters[project]:
            budgets[index] -= min(budgets[index], rem)
        scale = self.scale * weight
        divisor = gcd(scale, *budgets)
        if divisor > 1:
            budgets = [b // divisor for b in budgets]
            scale //= divisor
        self.budgets, self.scale = budgets, scale
