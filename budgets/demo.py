"""Demo participatory budget: Toulouse's real 2024 projects, set up as a city would.

The projects come from ``demo_data/toulouse_2024.json`` (extracted once from Pabulib by
``demo_data/extract_toulouse.py``), so seeding never needs the Pabulib files.
Voting opens in the concertation's "Vote" step, for residents verified against the
resident register (census): every demo participant is on it with the postal code
CENSUS_POSTAL_CODE. To try the ballot, the demo administrator activates the "Vote" step;
a participant then verifies their account (e-mail address and postal code) and votes.
"""

import json
from decimal import Decimal
from pathlib import Path

from participation.components.services import (
    add_component,
    configure_component,
    publish_component,
    set_action_permissions,
)
from participation.demo import DemoContext
from spaces.types import SPACE_TYPES

DATA = Path(__file__).resolve().parent / "demo_data" / "toulouse_2024.json"
TOTAL = Decimal(1_200_000)
VOTE_STEP = "Vote"
CENSUS_METHOD = "census"
CENSUS_POSTAL_CODE = "45190"


def _seed_census(context: DemoContext) -> None:
    """The resident register the vote requires: every demo participant, one postal code."""
    from participation.verifications.models import CensusFields, EnabledMethod
    from participation.verifications.services import set_enabled_methods, upload_census

    organization = context.organization
    enabled = EnabledMethod.objects.filter(organization=organization)
    methods = set(enabled.values_list("method", flat=True)) | {CENSUS_METHOD}
    set_enabled_methods(actor=context.admin, organization=organization, methods=sorted(methods))
    rows = ["email,postal_code"] + [
        f"{person.email},{CENSUS_POSTAL_CODE}" for person in context.participants
    ]
    upload_census(
        actor=context.admin,
        organization=organization,
        data="\n".join(rows).encode(),
        fields=CensusFields.EMAIL_POSTCODE,
    )


def seed_budgets(context: DemoContext) -> None:
    from budgets.services.budgets import create_budget, create_project
    from participation.services.taxonomy import create_category

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
    _seed_census(context)
    steps = list(process.steps.all())
    configure_component(
        actor=admin,
        component=component,
        settings={**component.settings, "vote_rule": "minimum_share", "minimum_share": 70},
        step_settings={
            str(step.pk): {"votes_enabled": step.title == VOTE_STEP, "show_votes": False}
            for step in steps
        },
    )
    set_action_permissions(actor=admin, component=component, permissions={"vote": [CENSUS_METHOD]})
    publish_component(actor=admin, component=component)
    context.report.append(
        f"1 participatory budget ({len(projects)} Toulouse projects; voting opens in the "
        f"“{VOTE_STEP}” step, for residents on the register, postal code {CENSUS_POSTAL_CODE})"
    )
