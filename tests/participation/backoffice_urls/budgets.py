"""The budgets component's own back-office pages (mounted under .../components/<id>/manage/).

test_backoffice_access walks every route of budgets.admin_urls, keyed
``.../manage/{budgets}<route>``; each needs a builder below.
"""

from decimal import Decimal

from tests.factories import (
    BudgetFactory,
    ComponentFactory,
    ProjectFactory,
    get_or_create_process,
    make_attachment,
)

MANAGE = "admin/spaces/<spacetype:space_type>/<slug:slug>/components/<int:component_id>/manage/"


def _budget_objects(organization):
    from budgets.models import (
        Ballot,
        BallotLine,
        BallotStatus,
        BudgetResult,
        ProjectResult,
    )

    process = get_or_create_process(organization, "walked", "Walked")
    component = ComponentFactory(space=process, manifest_name="budgets", name="Budget")
    budget = BudgetFactory(component=component, title="B", total=Decimal(100))
    project = ProjectFactory(budget=budget, title="P", cost=Decimal(10), votes_count=1)
    attachment = make_attachment(project, space=process, file="x.pdf", original_name="x.pdf")
    from django.utils import timezone

    ballot = Ballot.objects.create(
        organization=organization,
        component=component,
        budget=budget,
        voter_key="paper:walked",
        status=BallotStatus.CHECKED_OUT,
        is_paper=True,
        checked_out_at=timezone.now(),
    )
    BallotLine.objects.create(ballot=ballot, project=project)
    BudgetResult.objects.create(
        organization=organization, budget=budget, rule="greedy", published_at=timezone.now()
    )
    ProjectResult.objects.create(
        organization=organization,
        budget=budget,
        project=project,
        rank=1,
        votes=1,
        selection_order=1,
        counted_selected=True,
        selected=True,
    )
    return {
        "component_id": component.pk,
        "budget_id": budget.pk,
        "pk": project.pk,
        "attachment_id": attachment.pk,
        "ballot": ballot.pk,
    }


def _build(route: str):
    def build(organization) -> str:
        ids = _budget_objects(organization)
        path = route
        if route.startswith("budgets/<int:budget_id>/paper/<int:pk>/"):
            ids = {**ids, "pk": ids["ballot"]}
        for name in ("budget_id", "pk", "attachment_id"):
            path = path.replace(f"<int:{name}>", str(ids[name]))
        return f"/admin/spaces/processes/walked/components/{ids['component_id']}/manage/{path}"

    return build


def _arguments():
    from budgets.admin_urls import urlpatterns

    return {
        MANAGE + "{budgets}" + str(entry.pattern): _build(str(entry.pattern))
        for entry in urlpatterns
    }


ARGUMENTS = _arguments()
