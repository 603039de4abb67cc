"""Pabulib elections in and out: import one into a new budgets component, export cast ballots.

Importing checks the whole file first (approval or choose-1 ballots only, every
cost within the budget, money with at most two decimals), then writes
everything in one transaction: a refused file leaves nothing behind.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import events, pabulib
from budgets.component import COUNT_GREEDY, COUNT_MES, COUNT_MES_COMPARE
from budgets.election import APPROVAL, CHOOSE_ONE, Election
from budgets.models import Ballot, BallotLine, BallotStatus, Budget, Project
from budgets.services.budgets import check_can_manage
from budgets.services.results import election_for

if TYPE_CHECKING:
    from participation.components.models import Component
    from participation.models import User
    from spaces.models import Space

# Pabulib's "rule" meta value -> our counting rule.
RULES_FROM_PABULIB = {
    "greedy": COUNT_GREEDY,
    "equalshares/add1": COUNT_MES,
    "equalshares/add1-comparison": COUNT_MES_COMPARE,
}
PABULIB_RULES = {value: key for key, value in RULES_FROM_PABULIB.items()}
BATCH = 2000


class ImportRefused(ValueError):
    """A file that cannot be imported, with a message for people."""


def _decimal(value: str, what: str) -> Decimal:
    try:
        amount = Decimal((value or "").strip())
    except InvalidOperation:
        raise ImportRefused(
            _("%(what)s is not a number: %(value)r.") % {"what": what, "value": value}
        ) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise ImportRefused(
            _("%(what)s has more than two decimals: %(value)s.") % {"what": what, "value": value}
        )
    if amount < 0:
        raise ImportRefused(_("%(what)s is negative.") % {"what": what})
    return amount.quantize(Decimal("0.01"))


def check_file(*, parsed: pabulib.PabulibFile) -> Election:
    """The election of ``parsed`` if it can be imported, else ImportRefused saying why."""
    try:
        election = parsed.election()
    except pabulib.ElectionError as error:
        raise ImportRefused(str(error)) from None
    if election.vote_type not in (APPROVAL, CHOOSE_ONE):
        raise ImportRefused(
            _(
                "This file holds %(type)s ballots; only approval (and choose-1) files can be "
                "imported into a participatory budget."
            )
            % {"type": election.vote_type}
        )
    total = _decimal(parsed.meta.get("budget", ""), _("The budget"))
    for row in parsed.projects:
        project = row["project_id"].strip()
        if len(project) > 64:
            raise ImportRefused(_("Project id %(id)s is too long.") % {"id": project[:70]})
        cost = _decimal(row.get("cost", ""), _("The cost of project %(id)s") % {"id": project})
        if cost > total:
            raise ImportRefused(
                _("Project %(id)s costs %(cost)s, more than the budget (%(total)s).")
                % {"id": project, "cost": cost, "total": total}
            )
    voters = [row.get("voter_id", "").strip() for row in parsed.votes]
    repeated = [voter for voter, times in Counter(voters).items() if times > 1]
    if repeated:
        raise ImportRefused(_("Voter %(id)s is listed twice.") % {"id": repeated[0]})
    if any(not voter for voter in voters):
        raise ImportRefused(_("A vote has no voter id."))
    if any(len(voter) > 100 for voter in voters):
        raise ImportRefused(_("A voter id is longer than 100 characters."))
    return election


def _title(meta: dict) -> str:
    parts = (meta.get(key, "").strip() for key in ("unit", "subunit", "instance"))
    title = " – ".join(part for part in parts if part)
    return (title or meta.get("description", "").strip() or _("Imported budget"))[:200]


def _categories(actor: User, space: Space, names: set[str]) -> dict:
    from participation.services.taxonomy import create_category
    from participation.taxonomy import space_categories

    existing = {
        category.name: category for category in space_categories(space).filter(parent__isnull=True)
    }
    for name in sorted(names - set(existing)):
        existing[name] = create_category(actor=actor, space=space, data={"name": name})
    return existing


@transaction.atomic
def import_pabulib(
    *, actor: User, space: Space, parsed: pabulib.PabulibFile, name: str = ""
) -> tuple[Component, Budget]:
    """A new budgets component in ``space`` holding the file's budget, projects and ballots."""
    from participation.components.services import add_component, configure_component

    election = check_file(parsed=parsed)
    meta = parsed.meta
    component = add_component(
        actor=actor,
        space=space,
        manifest_name="budgets",
        name=name or _("Participatory budget %(title)s") % {"title": _title(meta)},
    )
    check_can_manage(actor=actor, component=component)
    rule = RULES_FROM_PABULIB.get(meta.get("rule", "").strip())
    settings = dict(component.settings)
    if rule:
        settings["counting_rule"] = rule
    # Imported ballots were valid under the city's own rule: keep ours permissive.
    settings.update(vote_rule="project_range", minimum_projects=1, maximum_projects=0)
    component = configure_component(actor=actor, component=component, settings=settings)
    budget = Budget.objects.create(
        organization_id=space.organization_id,
        component=component,
        title=_title(meta),
        description=meta.get("description", "").strip()[:2000],
        total=_decimal(meta["budget"], _("The budget")),
    )
    category_names = {
        (row.get("category") or "").split(",")[0].strip()[:150] for row in parsed.projects
    } - {""}
    categories = _categories(actor, space, category_names) if category_names else {}
    votes = election.approvals()
    projects = Project.objects.bulk_create(
        [
            Project(
                organization_id=space.organization_id,
                budget=budget,
                title=((row.get("name") or "").strip() or _("Project %(id)s") % {"id": pid})[:300],
                description=(row.get("description") or "").strip()[:5000],
                cost=_decimal(row["cost"], pid),
                category=categories.get((row.get("category") or "").split(",")[0].strip()[:150]),
                external_id=pid,
                position=position,
                votes_count=votes[pid],
            )
            for position, (pid, row) in enumerate(
                (row["project_id"].strip(), row) for row in parsed.projects
            )
        ]
    )
    if not all(project.pk for project in projects):  # backends that do not return ids
        projects = list(budget.projects.all())
    by_id = {project.external_id: project for project in projects}
    now = timezone.now()
    single = component.typed_settings.single_budget
    rows = [
        (row["voter_id"].strip(), ballot)
        for row, ballot in zip(parsed.votes, election.ballots, strict=True)
    ]
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        ballots = Ballot.objects.bulk_create(
            [
                Ballot(
                    organization_id=space.organization_id,
                    component=component,
                    budget=budget,
                    voter_key=f"pabulib:{voter}",
                    exclusive_key=f"pabulib:{voter}" if single else None,
                    status=BallotStatus.CHECKED_OUT,
                    checked_out_at=now,
                )
                for voter, _ballot in chunk
            ]
        )
        if not all(ballot.pk for ballot in ballots):
            keys = [f"pabulib:{voter}" for voter, _ballot in chunk]
            found = dict(
                Ballot.objects.filter(budget=budget, voter_key__in=keys).values_list(
                    "voter_key", "pk"
                )
            )
            for ballot in ballots:
                ballot.pk = found[ballot.voter_key]
        BallotLine.objects.bulk_create(
            [
                BallotLine(ballot_id=ballot.pk, project_id=by_id[project].pk)
                for ballot, (_voter, chosen) in zip(ballots, chunk, strict=True)
                for project in chosen
            ]
        )
    events.pabulib_imported(
        organization=space.organization,
        actor=actor,
        target=budget,
        changes={
            "projects": [None, len(projects)],
            "ballots": [None, len(rows)],
            "total": [None, str(budget.total)],
            "source": [None, _title(meta)],
        },
    )
    return component, budget


def export_pabulib(*, budget: Budget) -> str:
    """The budget's cast ballots as a Pabulib file (project ids: the imported ones if any)."""
    projects = list(budget.projects.only("pk", "cost", "title", "external_id"))
    election = election_for(budget=budget, projects=projects)
    ids = {str(project.pk): project.external_id or str(project.pk) for project in projects}
    renamed = Election(
        budget=election.budget,
        costs={ids[key]: cost for key, cost in election.costs.items()},
        ballots=[
            {ids[key]: points for key, points in ballot.items()} for ballot in election.ballots
        ],
        vote_type=election.vote_type,
        names={ids[key]: name.replace("\n", " ") for key, name in election.names.items()},
    )
    meta = {
        "description": budget.title,
        "rule": PABULIB_RULES.get(budget.component.typed_settings.counting_rule, "greedy"),
        "currency": "EUR",
    }
    return pabulib.write(renamed, meta)
