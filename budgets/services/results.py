"""Counting a budget's cast ballots, publishing the outcome and overriding it with a reason.

The database is read into a plain ``budgets.election.Election`` (money as exact
fractions, online and paper ballots alike) and counted by ``budgets.counting``
with the component's ``counting_rule``; publishing freezes that outcome in
``BudgetResult`` and ``ProjectResult`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import counting, events
from budgets.election import Election
from budgets.errors import BallotError
from budgets.models import (
    BallotLine,
    BallotStatus,
    Budget,
    BudgetResult,
    Project,
    ProjectResult,
)
from budgets.services.budgets import check_can_manage
from participation.errors import ErrorCode, ServiceError

if TYPE_CHECKING:
    from participation.models import User


def election_for(*, budget: Budget, projects: list[Project] | None = None) -> Election:
    """The budget's cast ballots (paper ones included) as a plain election: two queries."""
    if projects is None:
        projects = list(budget.projects.only("pk", "cost", "title"))
    costs = {str(project.pk): Fraction(str(project.cost)) for project in projects}
    ballots: dict[int, dict[str, int]] = {}
    lines = (
        BallotLine.objects.filter(ballot__budget=budget, ballot__status=BallotStatus.CHECKED_OUT)
        .order_by("ballot_id", "project_id")
        .values_list("ballot_id", "project_id")
    )
    for ballot_id, project_id in lines.iterator(chunk_size=5000):
        ballots.setdefault(ballot_id, {})[str(project_id)] = 1
    return Election(
        budget=Fraction(str(budget.total)),
        costs=costs,
        ballots=list(ballots.values()),
        names={str(project.pk): project.title for project in projects},
    )


@dataclass(frozen=True)
class Row:
    project: Project
    rank: int
    votes: int
    selection_order: int | None

    @property
    def selected(self) -> bool:
        return self.selection_order is not None


@dataclass(frozen=True)
class Outcome:
    budget: Budget
    rule: str
    ballots_count: int
    rows: list[Row]

    @property
    def total_funded(self) -> Decimal:
        return sum((row.project.cost for row in self.rows if row.selected), Decimal(0))


def compute_outcome(*, budget: Budget) -> Outcome:
    """What the component's counting rule selects now (nothing is stored)."""
    rule = budget.component.typed_settings.counting_rule
    projects = list(budget.projects.all())
    election = election_for(budget=budget, projects=projects)
    selected = counting.count(election, rule)
    order = {project: position for position, project in enumerate(selected, start=1)}
    votes = election.approvals()
    ranked = sorted(projects, key=lambda p: (-votes[str(p.pk)], p.cost, str(p.pk)))
    rows = [
        Row(
            project=project,
            rank=rank,
            votes=votes[str(project.pk)],
            selection_order=order.get(str(project.pk)),
        )
        for rank, project in enumerate(ranked, start=1)
    ]
    return Outcome(budget=budget, rule=rule, ballots_count=len(election.ballots), rows=rows)


def _locked_budget(budget: Budget) -> Budget:
    component = budget.component
    locked = Budget.objects.select_for_update().get(pk=budget.pk)
    locked.component = component
    return locked


def voting_open(*, budget: Budget) -> bool:
    """Whether residents can still vote on this budget's component now."""
    component = budget.component
    return component.is_published and component.active_step_settings().votes_enabled


@transaction.atomic
def publish_results(
    *, actor: User, budget: Budget, while_voting_open: bool = False
) -> BudgetResult:
    """Count the cast ballots and publish the outcome (again: a new count, overrides dropped).

    While voting is open, ballots cast after the count would be left out of published
    results: the administrator must say they mean it (``while_voting_open``).
    """
    check_can_manage(actor=actor, component=budget.component)
    if voting_open(budget=budget) and not while_voting_open:
        raise ServiceError(
            _(
                "Voting is still open: ballots cast after publication will not be counted. "
                "Confirm that you want to publish the results now."
            ),
            BallotError.VOTING_OPEN,
        )
    budget = _locked_budget(budget)
    previous = list(
        ProjectResult.objects.filter(budget=budget, selected=True).values_list(
            "project_id", flat=True
        )
    )
    was_published = BudgetResult.objects.filter(budget=budget).exists()
    outcome = compute_outcome(budget=budget)
    ProjectResult.objects.filter(budget=budget).delete()
    BudgetResult.objects.filter(budget=budget).delete()
    result = BudgetResult.objects.create(
        organization_id=budget.organization_id,
        budget=budget,
        rule=outcome.rule,
        ballots_count=outcome.ballots_count,
        published_at=timezone.now(),
        published_by=actor,
    )
    ProjectResult.objects.bulk_create(
        [
            ProjectResult(
                organization_id=budget.organization_id,
                budget=budget,
                project=row.project,
                rank=row.rank,
                votes=row.votes,
                selection_order=row.selection_order,
                counted_selected=row.selected,
                selected=row.selected,
            )
            for row in outcome.rows
        ]
    )
    events.results_published(
        organization=budget.component.organization,
        actor=actor,
        target=budget,
        changes={
            "published": [was_published, True],
            "selected": [
                sorted(previous) if was_published else None,
                sorted(row.project.pk for row in outcome.rows if row.selected),
            ],
            "rule": [None, outcome.rule],
            "ballots": [None, outcome.ballots_count],
        },
    )
    return result


@transaction.atomic
def withdraw_results(*, actor: User, budget: Budget) -> None:
    """Unpublish: the public page disappears, paper ballots may change again."""
    check_can_manage(actor=actor, component=budget.component)
    budget = _locked_budget(budget)
    selected = sorted(
        ProjectResult.objects.filter(budget=budget, selected=True).values_list(
            "project_id", flat=True
        )
    )
    deleted, _rows = BudgetResult.objects.filter(budget=budget).delete()
    if not deleted:
        raise ServiceError(_("The results of this budget are not published."), ErrorCode.INVALID)
    ProjectResult.objects.filter(budget=budget).delete()
    events.results_withdrawn(
        organization=budget.component.organization,
        actor=actor,
        target=budget,
        changes={"published": [True, False], "selected": [selected, None]},
    )


@transaction.atomic
def override_selection(
    *, actor: User, result: ProjectResult, selected: bool, reason: str
) -> ProjectResult:
    """Select or reject one project against the rule's outcome; the reason is published."""
    budget = result.budget
    check_can_manage(actor=actor, component=budget.component)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Explain why: the reason is published with the results."),
            ErrorCode.INVALID,
            field="reason",
        )
    locked = ProjectResult.objects.select_for_update(of=("self",)).get(pk=result.pk)
    if locked.selected == selected:
        raise ServiceError(
            _("This project is already selected.")
            if selected
            else _("This project is already not selected."),
            ErrorCode.INVALID,
            field="selected",
        )
    before = {"selected": locked.selected, "override_reason": locked.override_reason}
    locked.selected = selected
    # Back to the rule's decision: no public note, the log keeps the reason.
    locked.override_reason = reason if selected != locked.counted_selected else ""
    locked.overridden_by = actor
    locked.overridden_at = timezone.now()
    locked.save(update_fields=["selected", "override_reason", "overridden_by", "overridden_at"])
    events.result_overridden(
        organization=budget.component.organization,
        actor=actor,
        target=locked.project,
        changes={
            "selected": [before["selected"], selected],
            "reason": [before["override_reason"] or None, reason],
        },
    )
    return locked
