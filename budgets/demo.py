"""Demo participatory budget: Toulouse's real 2024 projects, voting open, a few ballots.

The projects come from ``demo_data/toulouse_2024.json`` (extracted once from Pabulib by
``demo_data/extract_toulouse.py``), so seeding never needs the Pabulib files.
Results are not published: the demo administrator can do it from the back-office.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db.models import F
from django.utils import timezone

from participation.components.services import (
    add_component,
    configure_component,
    publish_component,
)
from participation.demo import DemoContext
from spaces.types import SPACE_TYPES

DATA = Path(__file__).resolve().parent / "demo_data" / "toulouse_2024.json"
TOTAL = Decimal(1_200_000)
DEMO_BALLOTS = 12


def _ballots(rng, projects, rule_check, count: int) -> list[list]:
    """``count`` valid choices: projects drawn at random while they fit, until valid."""
    chosen_lists = []
    attempts = 0
    while len(chosen_lists) < count and attempts < count * 50:
        attempts += 1
        order = projects[:]
        rng.shuffle(order)
        chosen, spent = [], Decimal(0)
        for project in order:
            if spent + project.cost <= TOTAL:
                chosen.append(project)
                spent += project.cost
        if rule_check([project.cost for project in chosen]).is_valid:
            chosen_lists.append(chosen)
    return chosen_lists


def seed_budgets(context: DemoContext) -> None:
    from budgets.models import Ballot, BallotLine, BallotStatus, Project
    from budgets.rules import VoteRule, check
    from budgets.services.budgets import create_budget, create_project
    from spaces.services.categories import create_category

    data = json.loads(DATA.read_text(encoding="utf-8"))
    admin = context.admin
    process = SPACE_TYPES["processes"].model.objects.get(
        organization=context.organization, slug="budget-participatif-2027"
    )
    component = add_component(
        actor=admin, space=process, manifest_name="budgets", name="Vote du budget participatif"
    )
    budget = create_budget(
        actor=admin,
        component=component,
        data={
            "title": "Budget participatif 2027",
            "description": (
                "<p>1,2 million d'euros pour des projets proposés par les habitantes et "
                "habitants. Les projets de cette démonstration sont de vrais projets du budget "
                "participatif de Toulouse 2024 (données Pabulib).</p>"
            ),
            "total": TOTAL,
        },
    )
    categories = {
        name: create_category(actor=admin, space=process, data={"name": name})
        for name in sorted({row["category"] for row in data["projects"]})
    }
    projects = [
        create_project(
            actor=admin,
            budget=budget,
            data={
                "title": row["title"],
                "cost": Decimal(row["cost"]),
                "category": categories[row["category"]],
                "position": position,
            },
        )
        for position, row in enumerate(data["projects"])
    ]
    steps = list(process.steps.all())
    configure_component(
        actor=admin,
        component=component,
        settings={**component.settings, "vote_rule": "minimum_share", "minimum_share": 70},
        step_settings={
            str(step.pk): {"votes_enabled": step.active or index == 2, "show_votes": False}
            for index, step in enumerate(steps)
        },
    )
    publish_component(actor=admin, component=component)
    # A handful of residents have already voted (as the ballot flow would leave them).
    rule = VoteRule.from_settings(component.typed_settings)
    choices = _ballots(
        context.rng,
        projects,
        lambda costs: check(rule=rule, total=TOTAL, costs=costs),
        min(DEMO_BALLOTS, len(context.participants)),
    )
    now = timezone.now()
    ballots = Ballot.objects.bulk_create(
        Ballot(
            organization_id=context.organization.pk,
            component=component,
            budget=budget,
            user=voter,
            voter_key=f"user:{voter.pk}",
            status=BallotStatus.CHECKED_OUT,
            checked_out_at=now,
        )
        for voter, _chosen in zip(context.participants, choices, strict=False)
    )
    if not all(ballot.pk for ballot in ballots):
        ballots = list(Ballot.objects.filter(budget=budget).order_by("pk"))
    BallotLine.objects.bulk_create(
        BallotLine(ballot=ballot, project=project)
        for ballot, chosen in zip(ballots, choices, strict=False)
        for project in chosen
    )
    for project in projects:
        votes = sum(project in chosen for chosen in choices[: len(ballots)])
        if votes:
            Project.objects.filter(pk=project.pk).update(votes_count=F("votes_count") + votes)
    context.report.append(
        f"1 participatory budget ({len(projects)} Toulouse projects, {len(ballots)} ballots)"
    )
