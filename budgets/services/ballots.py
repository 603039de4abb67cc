"""Residents' ballots: add and remove projects, cast (check out), cancel.

Each service checks, in this order: the component is a budgets component of the
actor's organisation, the actor may vote now (``component.can(user, "vote")``, the
step's ``votes_blocked``), the budget and project belong to the component, the
single-budget rule; then it locks the person's ballot row (``select_for_update``)
and writes in one transaction. A refusal raises ``ServiceError`` with a code from
``budgets.errors`` and saves nothing.

A ballot belongs to a *person*, not an account: ``voter_key_for`` names them by the
fingerprint of the verification the vote requires, so two accounts of one person
share one ballot per budget (the database allows one active ballot per key).

Vote secrecy: the action log records that a person cast or cancelled a ballot in a
budget (the electoral roll), never which projects they chose. Only the voter's own
confirmation e-mail lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from budgets import events
from budgets.errors import BallotError
from budgets.models import ACTIVE_BALLOT, Ballot, BallotLine, BallotStatus, Budget, Project
from budgets.rules import BallotCheck, VoteRule, can_add, check
from participation.errors import ServiceError
from participation.numbers import format_money
from participation.outbox.services import send_email

if TYPE_CHECKING:
    from participation.components.models import Component
    from participation.models import User


def _refuse(message: str, code: BallotError) -> NoReturn:
    raise ServiceError(message, code)


# --- Who votes -----------------------------------------------------------------------------


def _granted_fingerprints(user: User, organization_id: int, methods: list[str]) -> dict[str, str]:
    """{method: fingerprint} of the person's granted grants among ``methods`` (one query)."""
    if not methods or not apps.is_installed("participation.verifications"):
        return {}
    from participation.verifications.models import Grant, GrantStatus

    rows = (
        Grant.objects.filter(
            user_id=user.pk,
            organization_id=organization_id,
            method__in=methods,
            status=GrantStatus.GRANTED,
        )
        .exclude(fingerprint="")
        .values_list("method", "fingerprint")
    )
    return dict(rows)


def voter_key_for(*, user: User, component: Component) -> str:
    """The person behind ``user`` for votes in ``component``.

    "fp:<method>:<fingerprint>" from the first granted verification, in the order the
    admin listed the methods required for ``vote``; "user:<id>" when none is required
    (or the grants carry no fingerprint).
    """
    methods = component.required_verifications("vote")
    fingerprints = _granted_fingerprints(user, component.organization_id, methods)
    for method in methods:
        if method in fingerprints:
            return f"fp:{method}:{fingerprints[method]}"
    return f"user:{user.pk}"


# --- Checks --------------------------------------------------------------------------------


def _check_can_vote(actor: User, component: Component) -> None:
    """Why ``actor`` may not vote here now, as a clear message (nothing: they may)."""
    if component.manifest_name != "budgets":
        _refuse(_("This is not a participatory budget."), BallotError.PERMISSION_DENIED)
    if not getattr(actor, "is_authenticated", False):
        _refuse(_("Sign in to vote."), BallotError.NOT_SIGNED_IN)
    if actor.organization_id != component.organization_id:
        _refuse(_("You are not allowed to vote here."), BallotError.PERMISSION_DENIED)
    if component.can(actor, "vote"):
        step = component.active_step_settings()
        if step.votes_blocked:
            _refuse(
                _("Voting is suspended for now: ballots can be neither changed nor cast."),
                BallotError.VOTING_BLOCKED,
            )
        return
    # Refused: say why, most useful reason first.
    if component.is_published and not component.active_step_settings().votes_enabled:
        _refuse(_("Voting is not open now."), BallotError.VOTING_CLOSED)
    from participation.components.predicates import is_verified

    missing = [m for m in component.required_verifications("vote") if not is_verified(actor, m)]
    if missing:
        _refuse(
            _("Verify your account to vote: this budget is open to verified residents only."),
            BallotError.VERIFICATION_REQUIRED,
        )
    _refuse(_("You are not allowed to vote here."), BallotError.PERMISSION_DENIED)


def vote_refusal(*, actor: User, component: Component) -> ServiceError | None:
    """Why ``actor`` cannot vote here now (None: they can), for pages to explain."""
    try:
        _check_can_vote(actor, component)
    except ServiceError as error:
        return error
    return None


def _check_budget(component: Component, budget: Budget) -> None:
    if budget.component_id != component.pk or budget.organization_id != component.organization_id:
        _refuse(_("This budget is not part of this vote."), BallotError.WRONG_BUDGET)


def _check_project(budget: Budget, project: Project) -> None:
    if project.budget_id != budget.pk or project.organization_id != budget.organization_id:
        _refuse(_("This project is not part of this budget."), BallotError.WRONG_PROJECT)


def rule_of(*, component: Component) -> VoteRule:
    return VoteRule.from_settings(component.typed_settings)


def _check_single_budget(
    component: Component, budget: Budget, voter_key: str, *, started_counts: bool = True
) -> None:
    """In single-budget mode: no cast ballot, nor (when adding) a started one, elsewhere."""
    if not component.typed_settings.single_budget:
        return
    elsewhere = (
        Ballot.objects.filter(component=component, voter_key=voter_key)
        .filter(ACTIVE_BALLOT)
        .exclude(budget=budget)
    )
    cast = elsewhere.filter(status=BallotStatus.CHECKED_OUT).select_related("budget").first()
    if cast is not None:
        _refuse(
            _("You have already voted in “%(budget)s”: each resident votes in one budget only.")
            % {"budget": cast.budget.title},
            BallotError.OTHER_BUDGET_CHOSEN,
        )
    if not started_counts:
        return
    started = (
        elsewhere.filter(status=BallotStatus.IN_PROGRESS, lines__isnull=False)
        .select_related("budget")
        .first()
    )
    if started is not None:
        _refuse(
            _(
                "You have started a ballot in “%(budget)s”: each resident votes in one budget "
                "only. Empty that ballot first to vote here."
            )
            % {"budget": started.budget.title},
            BallotError.OTHER_BUDGET_CHOSEN,
        )


def single_budget_refusal(
    *, component: Component, budget: Budget, voter_key: str | None
) -> str | None:
    """Why this person cannot vote in ``budget`` because they chose another (None: they can)."""
    if voter_key is None:
        return None
    try:
        _check_single_budget(component, budget, voter_key)
    except ServiceError as error:
        return error.messages[0]
    return None


def _prepare(actor: User, component: Component, budget: Budget) -> str:
    _check_can_vote(actor, component)
    _check_budget(component, budget)
    return voter_key_for(user=actor, component=component)


def _locked_ballot(budget: Budget, voter_key: str) -> Ballot | None:
    """The person's active ballot in ``budget``, row-locked until the transaction ends."""
    return (
        Ballot.objects.select_for_update()
        .filter(budget=budget, voter_key=voter_key)
        .filter(ACTIVE_BALLOT)
        .first()
    )


def _locked_or_new_ballot(
    actor: User, component: Component, budget: Budget, voter_key: str
) -> Ballot:
    ballot = _locked_ballot(budget, voter_key)
    if ballot is not None:
        return ballot
    try:
        # A concurrent request may create it first: the unique constraint says so.
        with transaction.atomic():
            return Ballot.objects.create(
                organization_id=component.organization_id,
                component=component,
                budget=budget,
                user=actor,
                voter_key=voter_key,
            )
    except IntegrityError:
        ballot = _locked_ballot(budget, voter_key)
        if ballot is None:  # the concurrent request's ballot is gone again: refuse this one
            raise
        return ballot


def _check_open(ballot: Ballot) -> None:
    if ballot.status == BallotStatus.CHECKED_OUT:
        _refuse(
            _("Your vote in this budget is already cast: it can no longer be changed."),
            BallotError.ALREADY_CAST,
        )


def _chosen(ballot: Ballot) -> list[Project]:
    return list(
        Project.objects.filter(ballot_lines__ballot=ballot).order_by("position", "id").distinct()
    )


# --- Services ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BallotState:
    """What a service leaves: the ballot, its projects, and the rule's verdict."""

    ballot: Ballot
    projects: list[Project]
    check: BallotCheck


def _state(component: Component, budget: Budget, ballot: Ballot) -> BallotState:
    projects = _chosen(ballot)
    verdict = check(
        rule=rule_of(component=component), total=budget.total, costs=[p.cost for p in projects]
    )
    return BallotState(ballot=ballot, projects=projects, check=verdict)


@transaction.atomic
def add_project(
    *, actor: User, component: Component, budget: Budget, project: Project
) -> BallotState:
    """Put ``project`` in the actor's ballot of ``budget``, if it still fits."""
    voter_key = _prepare(actor, component, budget)
    _check_project(budget, project)
    _check_single_budget(component, budget, voter_key)
    ballot = _locked_or_new_ballot(actor, component, budget, voter_key)
    _check_open(ballot)
    projects = _chosen(ballot)
    if any(p.pk == project.pk for p in projects):
        _refuse(_("This project is already in your ballot."), BallotError.ALREADY_IN_BALLOT)
    reason = can_add(
        rule=rule_of(component=component),
        total=budget.total,
        costs=[p.cost for p in projects],
        cost=project.cost,
    )
    if reason:
        _refuse(reason, BallotError.DOES_NOT_FIT)
    BallotLine.objects.create(ballot=ballot, project=project)
    return _state(component, budget, ballot)


@transaction.atomic
def remove_project(
    *, actor: User, component: Component, budget: Budget, project: Project
) -> BallotState:
    """Take ``project`` out of the actor's ballot of ``budget`` (not once cast)."""
    voter_key = _prepare(actor, component, budget)
    _check_project(budget, project)
    ballot = _locked_ballot(budget, voter_key)
    if ballot is None:
        _refuse(_("This project is not in your ballot."), BallotError.NOT_IN_BALLOT)
    _check_open(ballot)
    deleted, _rows = BallotLine.objects.filter(ballot=ballot, project=project).delete()
    if not deleted:
        _refuse(_("This project is not in your ballot."), BallotError.NOT_IN_BALLOT)
    return _state(component, budget, ballot)


@transaction.atomic
def checkout(*, actor: User, component: Component, budget: Budget) -> BallotState:
    """Cast the actor's ballot of ``budget`` if the rules accept it; e-mail a confirmation."""
    voter_key = _prepare(actor, component, budget)
    ballot = _locked_ballot(budget, voter_key)
    if ballot is None:
        _refuse(_("Your ballot is empty: choose projects first."), BallotError.NO_BALLOT)
    _check_open(ballot)
    _check_single_budget(component, budget, voter_key, started_counts=False)
    state = _state(component, budget, ballot)
    if not state.check.is_valid:
        _refuse(
            _("Your ballot cannot be cast yet: %(reasons)s")
            % {"reasons": " ".join(state.check.problems)},
            BallotError.INVALID_BALLOT,
        )
    ballot.status = BallotStatus.CHECKED_OUT
    ballot.checked_out_at = timezone.now()
    ballot.user = actor
    ballot.exclusive_key = voter_key if component.typed_settings.single_budget else None
    try:
        with transaction.atomic():
            ballot.save(update_fields=["status", "checked_out_at", "user", "exclusive_key"])
    except IntegrityError:
        # Another budget's ballot of the same person was cast at the same moment.
        _refuse(
            _("You have already voted in another budget: each resident votes in one budget only."),
            BallotError.OTHER_BUDGET_CHOSEN,
        )
    Project.objects.filter(pk__in=[p.pk for p in state.projects]).update(
        votes_count=F("votes_count") + 1
    )
    events.ballot_cast(organization=component.organization, actor=actor, target=budget)
    _send_confirmation(actor, component, budget, state)
    return state


def can_cancel(*, component: Component) -> bool:
    return bool(component.typed_settings.cancel_allowed)


@transaction.atomic
def cancel(*, actor: User, component: Component, budget: Budget) -> BallotState:
    """Withdraw the actor's cast ballot; its choice stays in a new ballot, to recast."""
    voter_key = _prepare(actor, component, budget)
    if not can_cancel(component=component):
        _refuse(_("A cast vote cannot be cancelled here."), BallotError.CANCEL_NOT_ALLOWED)
    ballot = _locked_ballot(budget, voter_key)
    if ballot is None or ballot.status != BallotStatus.CHECKED_OUT:
        _refuse(_("You have no cast vote to cancel in this budget."), BallotError.NOT_CAST)
    projects = _chosen(ballot)
    ballot.status = BallotStatus.CANCELLED
    ballot.cancelled_at = timezone.now()
    ballot.exclusive_key = None
    ballot.save(update_fields=["status", "cancelled_at", "exclusive_key"])
    Project.objects.filter(pk__in=[p.pk for p in projects], votes_count__gt=0).update(
        votes_count=F("votes_count") - 1
    )
    # The choice comes back as a ballot in progress: change it and cast it again.
    again = Ballot.objects.create(
        organization_id=component.organization_id,
        component=component,
        budget=budget,
        user=actor,
        voter_key=voter_key,
    )
    BallotLine.objects.bulk_create([BallotLine(ballot=again, project=p) for p in projects])
    events.ballot_cancelled(
        organization=component.organization,
        actor=actor,
        target=budget,
    )
    return _state(component, budget, again)


# --- Confirmation e-mail -------------------------------------------------------------------


def _send_confirmation(
    actor: User, component: Component, budget: Budget, state: BallotState
) -> None:
    if not actor.email:
        return
    from participation.tenancy import organization_url

    organization = component.organization
    with translation.override(actor.locale or organization.default_locale):
        lines = "\n".join(f"- {p.title} ({format_money(p.cost)})" for p in state.projects)
        values = {
            "budget": budget.title,
            "organization": organization.name,
            "projects": lines,
            "total": format_money(state.check.allocated),
            "amount": format_money(budget.total),
            "link": organization_url(organization, component.url("confirmation", pk=budget.pk)),
        }
        subject = _("Your vote in “%(budget)s” is recorded") % values
        body = (
            _(
                "Hello,\n\nYour vote in the participatory budget “%(budget)s” of %(organization)s "
                "is recorded. You chose:\n\n%(projects)s\n\nTotal: %(total)s of %(amount)s.\n\n"
                "Your ballot: %(link)s\n"
            )
            % values
        )
        if can_cancel(component=component):
            body += _("While voting is open, you may cancel this vote there and vote again.\n")
    recipient = actor.email
    # Recorded in the ballot's transaction (the outbox), sent once it commits.
    send_email(subject=subject, body=body, recipients=[recipient])
