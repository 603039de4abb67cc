"""When is a ballot valid? Pure functions over plain data (no database), exact money.

A ballot is always within its budget; the component's ``vote_rule`` adds one of:
a minimum share of the budget to reach, a minimum and maximum number of projects,
or an exact number of projects. ``check`` answers with everything the live
indicator and the checkout need: money allocated and left, and why not valid yet.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgets.component import RULE_FIXED_PROJECTS, RULE_MINIMUM_SHARE, RULE_PROJECT_RANGE


@dataclass(frozen=True)
class VoteRule:
    kind: str = RULE_MINIMUM_SHARE
    minimum_share: int = 0  # percent of the budget
    minimum_projects: int = 0
    maximum_projects: int = 0  # 0: no maximum
    fixed_projects: int = 0

    @classmethod
    def from_settings(cls, values) -> "VoteRule":
        return cls(
            kind=values["vote_rule"],
            minimum_share=values["minimum_share"],
            minimum_projects=values["minimum_projects"],
            maximum_projects=values["maximum_projects"],
            fixed_projects=values["fixed_projects"],
        )

    def minimum_amount(self, total: Decimal) -> Decimal:
        """The least a valid ballot allocates (0 unless the rule asks for a share)."""
        if self.kind != RULE_MINIMUM_SHARE:
            return Decimal(0)
        return total * self.minimum_share / 100

    def maximum_count(self) -> int | None:
        if self.kind == RULE_FIXED_PROJECTS:
            return self.fixed_projects
        if self.kind == RULE_PROJECT_RANGE and self.maximum_projects:
            return self.maximum_projects
        return None

    def minimum_count(self) -> int:
        if self.kind == RULE_FIXED_PROJECTS:
            return self.fixed_projects
        if self.kind == RULE_PROJECT_RANGE:
            return self.minimum_projects
        return 1  # an empty ballot is never a vote

    def inconsistencies(self) -> list[str]:
        """What makes the settings themselves unusable, for the back-office form."""
        problems = []
        if (
            self.kind == RULE_PROJECT_RANGE
            and self.maximum_projects
            and self.maximum_projects < self.minimum_projects
        ):
            problems.append(_("The maximum number of projects is below the minimum."))
        return problems


@dataclass(frozen=True)
class BallotCheck:
    total: Decimal
    allocated: Decimal
    count: int
    problems: list[str] = field(default_factory=list)

    @property
    def left(self) -> Decimal:
        return self.total - self.allocated

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def percent(self) -> int:
        """Share of the budget allocated, rounded down, for the progress bar."""
        if not self.total:
            return 0
        return int(self.allocated * 100 // self.total)


def check(*, rule: VoteRule, total: Decimal, costs: list[Decimal]) -> BallotCheck:
    """Check a ballot choosing projects of the given ``costs`` in a budget of ``total``."""
    allocated = sum(costs, Decimal(0))
    count = len(costs)
    problems = []
    if allocated > total:
        problems.append(_("Your choice costs more than the budget."))
    minimum = rule.minimum_amount(total)
    if allocated < minimum:
        problems.append(
            _("Choose projects worth at least %(percent)s %% of the budget.")
            % {"percent": rule.minimum_share}
        )
    maximum_count = rule.maximum_count()
    if rule.kind == RULE_FIXED_PROJECTS and count != rule.fixed_projects:
        problems.append(
            ngettext(
                "Choose exactly %(count)d project.",
                "Choose exactly %(count)d projects.",
                rule.fixed_projects,
            )
            % {"count": rule.fixed_projects}
        )
    else:
        if count < rule.minimum_count():
            problems.append(
                ngettext(
                    "Choose at least %(count)d project.",
                    "Choose at least %(count)d projects.",
                    rule.minimum_count(),
                )
                % {"count": rule.minimum_count()}
            )
        if maximum_count is not None and count > maximum_count:
            problems.append(
                ngettext(
                    "Choose at most %(count)d project.",
                    "Choose at most %(count)d projects.",
                    maximum_count,
                )
                % {"count": maximum_count}
            )
    return BallotCheck(total=total, allocated=allocated, count=count, problems=problems)


def can_add(*, rule: VoteRule, total: Decimal, costs: list[Decimal], cost: Decimal) -> str | None:
    """Why a project of ``cost`` cannot join a ballot of ``costs`` (None: it can)."""
    if sum(costs, Decimal(0)) + cost > total:
        return _("This project costs more than what is left of your budget.")
    maximum_count = rule.maximum_count()
    if maximum_count is not None and len(costs) + 1 > maximum_count:
        return ngettext(
            "Your ballot already holds the maximum of %(count)d project.",
            "Your ballot already holds the maximum of %(count)d projects.",
            maximum_count,
        ) % {"count": maximum_count}
    return None
