"""A participatory-budgeting election as plain data, independent of Django.

Money is kept as exact fractions (Pabulib costs and budgets may be written
with decimals); ballots keep, for each project, the points the voter gave it
(1 for approval ballots).
"""

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

APPROVAL = "approval"
CUMULATIVE = "cumulative"
ORDINAL = "ordinal"
CHOOSE_ONE = "choose-1"
VOTE_TYPES = (APPROVAL, CUMULATIVE, ORDINAL, CHOOSE_ONE)


class ElectionError(ValueError):
    """An election a rule cannot count, with a message for people."""


@dataclass(frozen=True)
class Election:
    budget: Fraction
    costs: dict[str, Fraction]
    # One mapping per voter: project id -> points (approval: 1).
    ballots: list[dict[str, int]]
    vote_type: str = APPROVAL
    names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.budget < 0:
            raise ElectionError("The budget cannot be negative.")
        for project, cost in self.costs.items():
            if cost < 0:
                raise ElectionError(f"Project {project} has a negative cost.")
        for number, ballot in enumerate(self.ballots, start=1):
            unknown = set(ballot) - set(self.costs)
            if unknown:
                raise ElectionError(
                    f"Ballot {number} names unknown projects: {', '.join(sorted(unknown))}."
                )

    @property
    def is_approval(self) -> bool:
        return self.vote_type in (APPROVAL, CHOOSE_ONE)

    def approvals(self) -> Counter:
        """Number of voters who chose each project (every project present, maybe 0)."""
        counts = Counter({project: 0 for project in self.costs})
        for ballot in self.ballots:
            counts.update(ballot.keys())
        return counts

    def scores(self) -> Counter:
        """What the greedy rule ranks by: votes, or points on cumulative and ordinal ballots."""
        if self.is_approval:
            return self.approvals()
        scores = Counter({project: 0 for project in self.costs})
        for ballot in self.ballots:
            for project, points in ballot.items():
                scores[project] += points
        return scores
