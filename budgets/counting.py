"""Counting rules: greedy and the Method of Equal Shares, exact and fast.

Pure functions over ``budgets.election.Election``. Every decision is taken on
exact values: fractions for scores, and for Equal Shares integer arithmetic
on budgets scaled to a common denominator (see ``_EqualSharesRun``).
"""

from collections import Counter
from fractions import Fraction
from math import lcm

import numpy

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


def equal_shares(election: Election, *, stop_when_exhaustive: bool = True) -> list[str]:
    """Method of Equal Shares, cost satisfaction, completed by "add1".

    Each of the n voters starts with budget/n; the run is repeated with every
    voter's share raised by one currency unit while the outcome still fits the
    budget, keeping the last outcome that fits. Like pabutools (and
    equalshares.net), the raising also stops at the first outcome to which no
    further project can be added (``stop_when_exhaustive``).
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
        if counter.is_exhaustive(outcome) and (stop_when_exhaustive or counter.has_all(outcome)):
            return outcome
        previous = outcome
        increment += 1


def equal_shares_with_comparison(election: Election) -> list[str]:
    """Wieliczka's rule: Equal Shares, then compared with the greedy outcome.

    Wieliczka raised the voters' shares until the outcome no longer fitted,
    without stopping at the first exhaustive outcome (its official winners
    are reproduced only that way). The Equal Shares outcome is kept unless
    more voters prefer the greedy one, a voter preferring the outcome that
    funds more of the projects they approved.
    """
    _require_approval(election)
    shares = equal_shares(election, stop_when_exhaustive=False)
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
    """What every run of Equal Shares on one election shares.

    Money is scaled by ``unit`` (the common denominator of budget and costs)
    to be integral, and voters with the same ballot form one weighted group:
    they always hold the same budget.
    """

    def __init__(self, election: Election) -> None:
        money = [election.budget, *election.costs.values()]
        self.unit = lcm(*(Fraction(value).denominator for value in money))
        self.budget = int(election.budget * self.unit)
        self.costs = {p: int(c * self.unit) for p, c in election.costs.items()}
        self.voters = len(election.ballots)
        groups = Counter(frozenset(ballot) for ballot in election.ballots if ballot)
        self.group_ballots = [tuple(sorted(ballot)) for ballot in groups]
        self.weights = list(groups.values())
        self.votes = election.approvals()
        supporters: dict[str, list[int]] = {p: [] for p in self.costs}
        for index, ballot in enumerate(self.group_ballots):
            for project in ballot:
                supporters[project].append(index)
        self.supporters = supporters
        weights = numpy.array(self.weights, dtype=numpy.int64)
        self.supporter_arrays = {
            p: numpy.array(groups_of_p, dtype=numpy.int64) for p, groups_of_p in supporters.items()
        }
        self.supporter_weights = {p: weights[a] for p, a in self.supporter_arrays.items()}
        wanted = [p for p in self.costs if supporters[p]]
        # Free projects someone wants are bought before anything else.
        self.free = sorted((p for p in wanted if self.costs[p] == 0), key=self.tie_key)
        self.candidates = [p for p in wanted if self.costs[p] > 0]
        self.total_weight = {p: sum(self.weights[i] for i in supporters[p]) for p in wanted}

    def tie_key(self, project: str):
        return (self.costs[project], -self.votes[project], project)

    def cost_of(self, outcome: list[str]) -> int:
        return sum(self.costs[p] for p in outcome)

    def is_exhaustive(self, outcome: list[str]) -> bool:
        """No wanted project left out still fits in what the budget has left."""
        left = self.budget - self.cost_of(outcome)
        chosen = set(outcome)
        return all(self.costs[p] > left for p in self.candidates if p not in chosen)

    def has_all(self, outcome: list[str]) -> bool:
        """Every wanted project is funded: raising shares cannot change anything any more."""
        return set(self.candidates) <= set(outcome)

    def run(self, increment: int) -> list[str]:
        if self.voters == 0:
            return []
        # Each voter starts with budget/n + increment currency units: a numerator over n.
        start = self.budget + increment * self.unit * self.voters
        return _EqualSharesRun(self, start, self.voters).outcome


class _EqualSharesRun:
    """One run of Equal Shares, exact, on integers.

    Voters are tracked by *budget class*: groups holding the same budget
    share a class (an array maps each group to its class), so a project's
    supporters reduce to (class, weight) pairs, counted with numpy.
    Budgets are exact integers over a denominator that grows as projects are
    bought: buying one at a price rem/W per rich supporter multiplies the
    denominator by W, which makes the price the integer rem. A class keeps
    the numerator it got when it was created ("epoch") and is rescaled by the
    product of the weights since then when it is read. Floats only order
    classes; every decision is checked on the exact values.
    Classes whose budget reaches zero are dropped (class -1): they pay nothing.
    """

    def __init__(self, shares: _EqualShares, start: int, scale: int) -> None:
        self.shares = shares
        self.base_scale = scale
        # products[e]: product of the purchase weights up to epoch e.
        self.products = [1]
        self.factors: dict[int, int] = {0: 1}  # epoch -> products[now] // products[epoch]
        self.classes = [(start, 0)]  # class -> (numerator, epoch)
        # Each class's budget in currency units, as a float: it never changes.
        self.approximate = numpy.empty(64, dtype=numpy.float64)
        self.approximate[0] = start / scale
        self.group_class = numpy.zeros(len(shares.group_ballots), dtype=numpy.int64)
        self.open = set(shares.candidates)
        self.outcome = list(shares.free)
        self._buy_all()

    @property
    def scale(self) -> int:
        return self.base_scale * self.products[-1]

    def _value(self, klass: int) -> int:
        numerator, epoch = self.classes[klass]
        factor = self.factors.get(epoch)
        if factor is None:
            factor = self.factors[epoch] = self.products[-1] // self.products[epoch]
        return numerator * factor

    def _support(self, project: str) -> tuple[list[int], list[int]]:
        """The classes of the project's paying supporters and their weights, cheapest first."""
        classes = self.group_class[self.shares.supporter_arrays[project]]
        paying = classes >= 0
        counts = numpy.bincount(
            classes[paying], weights=self.shares.supporter_weights[project][paying]
        )
        present = numpy.flatnonzero(counts)
        order = present[numpy.argsort(self.approximate[present], kind="stable")]
        # Weights are sums of integers far below 2**53: exact in float64.
        return order.tolist(), counts[order].astype(numpy.int64).tolist()

    def _price(self, project: str) -> tuple[int, int, list[int]] | None:
        """(rem, W, classes): each rich supporter pays rem/W (over the scale).

        None when the supporters cannot pay the cost together.
        """
        classes, weights = self._support(project)
        rem = self.shares.costs[project] * self.scale
        weight = sum(weights)
        for position, klass in enumerate(classes):
            value = self._value(klass)
            if value * weight >= rem:
                if self._sorted_enough(classes, position, rem, weight):
                    return rem, weight, classes
                return self._exact_price(project, classes, weights)
            rem -= value * weights[position]
            weight -= weights[position]
        return None

    def _sorted_enough(self, classes: list[int], position: int, rem: int, weight: int) -> bool:
        """Whether the float order was right: no class after ``position`` is below rem/weight.

        Only classes whose float value is within a hair of the price can be
        misplaced; they are checked exactly.
        """
        approximate = self.approximate
        limit = (rem / weight) / self.scale * (1 + 1e-9)
        for klass in classes[position + 1 :]:
            if approximate[klass] > limit:
                return True
            if self._value(klass) * weight < rem:
                return False
        return True

    def _exact_price(self, project, classes, weights):
        """The same walk over classes sorted by their exact values (rarely needed)."""
        weight_of = dict(zip(classes, weights, strict=True))
        values = {klass: self._value(klass) for klass in classes}
        ordered = sorted(classes, key=values.__getitem__)
        rem = self.shares.costs[project] * self.scale
        weight = sum(weights)
        for klass in ordered:
            if values[klass] * weight >= rem:
                return rem, weight, ordered
            rem -= values[klass] * weight_of[klass]
            weight -= weight_of[klass]
        return None

    def _buy_all(self) -> None:
        costs = self.shares.costs
        # Affordability rho = price / cost never decreases while budgets only
        # shrink, so the last value computed is a lower bound: projects are
        # examined from the best bound, and the search stops once a bound
        # exceeds the best exact value found this round (as pabutools does).
        bound = {p: Fraction(1, self.shares.total_weight[p]) for p in self.open}
        approximate = {p: float(b) for p, b in bound.items()}
        while bound:
            best: Fraction | None = None
            tied: list[str] = []
            prices: dict[str, tuple] = {}
            for project in sorted(bound, key=approximate.__getitem__):
                if best is not None and bound[project] > best:
                    break
                price = self._price(project)
                if price is None:
                    del bound[project]  # unaffordable now, and for the rest of the run
                    continue
                rem, weight, _classes = price
                rho = Fraction(rem, weight * self.scale * costs[project])
                bound[project], approximate[project] = rho, float(rho)
                prices[project] = price
                if best is None or rho < best:
                    best, tied = rho, [project]
                elif rho == best:
                    tied.append(project)
            if not tied:
                return
            chosen = min(tied, key=self.shares.tie_key)
            self._pay(chosen, *prices[chosen])
            self.outcome.append(chosen)
            del bound[chosen]

    def _pay(self, project: str, rem: int, weight: int, classes: list[int]) -> None:
        """Each supporter pays min(budget, rem/weight) and moves to the class of what is left."""
        old_values = {klass: self._value(klass) * weight for klass in classes}
        # A new epoch: the denominator is multiplied by the weight, the price is rem.
        self.products.append(self.products[-1] * weight)
        epoch = len(self.products) - 1
        self.factors = {epoch: 1}
        scale = self.scale
        mapping = numpy.arange(len(self.classes) + len(classes) + 1, dtype=numpy.int64)
        created: dict[int, int] = {}  # budget left -> class, so equal budgets share a class
        for klass, value in old_values.items():
            left = value - min(value, rem)
            if left == 0:
                mapping[klass] = -1
                continue
            target = created.get(left)
            if target is None:
                target = created[left] = len(self.classes)
                self.classes.append((left, epoch))
                if target == len(self.approximate):
                    self.approximate = numpy.resize(self.approximate, 2 * target)
                self.approximate[target] = left / scale
            mapping[klass] = target
        groups = self.shares.supporter_arrays[project]
        current = self.group_class[groups]
        paying = current >= 0
        moved = current.copy()
        moved[paying] = mapping[current[paying]]
        self.group_class[groups] = moved
