"""Paper ballots, entered in the back-office by an admin and counted like the others.

A paper ballot is cast at once (``checked_out``), keyed "paper:<uuid>", checked
with the component's voting rule, and names the admin who entered it; voiding it
cancels it. Both leave an entry in the activity log with who did it.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import events
from budgets.models import Ballot, BallotLine, BallotStatus, Budget, BudgetResult, Project
from budgets.rules import VoteRule, check
from budgets.services.budgets import check_can_manage
from participation.errors import ErrorCode, ServiceError

if TYPE_CHECKING:
    from participation.models import User


def _refuse_when_published(budget: Budget) -> None:
    if BudgetResult.objects.filter(budget=budget).exists():
        raise ServiceError(
            _("The results of this budget are published: paper ballots can no longer change."),
            ErrorCode.INVALID,
        )


@transaction.atomic
def record_paper_ballot(*, actor: User, budget: Budget, projects: list[Project]) -> Ballot:
    component = budget.component
    check_can_manage(actor=actor, component=component)
    # One paper ballot at a time per budget, so counts and the published check agree.
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    budget.component = component
    _refuse_when_published(budget)
    ids = sorted({project.pk for project in projects})
    chosen = list(Project.objects.filter(budget=budget, pk__in=ids))
    if len(chosen) != len(ids) or len(ids) != len(projects):
        raise ServiceError(
            _("Choose projects of this budget, each once."), ErrorCode.INVALID, field="projects"
        )
    rule = VoteRule.from_settings(component.typed_settings)
    result = check(rule=rule, total=budget.total, costs=[project.cost for project in chosen])
    if not result.is_valid:
        raise ServiceError(
            _("This ballot is not valid: %(problems)s"),
            ErrorCode.INVALID,
            params={"problems": " ".join(result.problems)},
            field="projects",
        )
    voter_key = f"paper:{uuid.uuid4()}"
    ballot = Ballot.objects.create(
        organization_id=budget.organization_id,
        component=component,
        budget=budget,
        voter_key=voter_key,
        exclusive_key=voter_key if component.typed_settings.single_budget else None,
        status=BallotStatus.CHECKED_OUT,
        is_paper=True,
        entered_by=actor,
        checked_out_at=timezone.now(),
    )
    BallotLine.objects.bulk_create([BallotLine(ballot=ballot, project=p) for p in chosen])
    Project.objects.filter(pk__in=ids).update(votes_count=F("votes_count") + 1)
    events.paper_ballot_recorded(
        organization=component.organization,
        actor=actor,
        target=ballot,
        changes={
            "status": [None, BallotStatus.CHECKED_OUT],
            "projects": [None, ids],
            "entered_by": [None, actor.pk],
        },
    )
    return ballot


@transaction.atomic
def void_paper_ballot(*, actor: User, ballot: Ballot) -> Ballot:
    component = ballot.component
    check_can_manage(actor=actor, component=component)
    locked = Ballot.objects.select_for_update(of=("self",)).get(pk=ballot.pk)
    if not locked.is_paper:
        raise ServiceError(_("Only paper ballots can be voided here."), ErrorCode.INVALID)
    if locked.status != BallotStatus.CHECKED_OUT:
        raise ServiceError(_("This paper ballot is already void."), ErrorCode.INVALID)
    _refuse_when_published(locked.budget)
    ids = list(locked.lines.values_list("project_id", flat=True))
    locked.status = BallotStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["status", "cancelled_at"])
    Project.objects.filter(pk__in=ids).update(votes_count=F("votes_count") - 1)
    events.paper_ballot_voided(
        organization=component.organization,
        actor=actor,
        target=locked,
        changes={
            "status": [BallotStatus.CHECKED_OUT, BallotStatus.CANCELLED],
            "entered_by": [locked.entered_by_id, locked.entered_by_id],
            "voided_by": [None, actor.pk],
        },
    )
    return locked
