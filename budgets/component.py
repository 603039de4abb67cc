"""The "budgets" component's manifest: what it declares to the component framework."""

from django.utils.translation import gettext_lazy as _

from budgets import hooks
from participation.components.manifest import (
    Action,
    ComponentManifest,
    DatedMetric,
    DemoSeeder,
    Export,
)
from participation.components.predicates import signed_in, space_member, step_allows, verified
from participation.components.settings_schema import (
    BooleanSetting,
    ChoiceSetting,
    IntegerSetting,
    SettingsSchema,
)

# How a ballot becomes valid, besides staying within the budget (see budgets/rules.py).
RULE_MINIMUM_SHARE = "minimum_share"
RULE_PROJECT_RANGE = "project_range"
RULE_FIXED_PROJECTS = "fixed_projects"

COUNT_GREEDY = "greedy"
COUNT_MES = "mes"
COUNT_MES_COMPARE = "mes-compare"


def _metrics(component) -> dict[str, int]:
    from budgets.models import Ballot, BallotStatus, Project

    return {
        "projects": Project.objects.filter(budget__component=component).count(),
        "ballots": Ballot.objects.filter(
            component=component, status=BallotStatus.CHECKED_OUT
        ).count(),
    }


def _ballot_rows(components, end):
    """Ballots cast before ``end`` and not cancelled since."""
    from budgets.models import Ballot, BallotStatus

    return Ballot.objects.filter(
        component__in=components, status=BallotStatus.CHECKED_OUT, checked_out_at__lt=end
    )


def _map_layer(components) -> list[dict]:
    """Located projects of these components (projects have no draft or hidden state: every
    project of a published component is public)."""
    from budgets.models import Project
    from budgets.selectors import COMPONENT_PATH
    from participation.components.map_points import map_points

    if not components:
        return []
    by_id = {component.pk: component for component in components}
    queryset = Project.objects.filter(
        budget__component__in=list(by_id), organization_id=components[0].organization_id
    ).order_by("budget__position", "budget_id", "title", "id")
    points = map_points(queryset, component_path=COMPONENT_PATH)
    for point in points:
        point["url"] = by_id[point.pop("component_id")].url("project", pk=point["id"])
    return points


def _check_settings(component, settings, step_settings):
    from budgets.services.budgets import check_component_settings

    return check_component_settings(
        component=component, settings=settings, step_settings=step_settings
    )


def _export(component):
    """Every project of the component (all public), with its votes so far."""
    from django.utils.html import strip_tags

    from budgets.models import Project

    projects = Project.objects.filter(budget__component=component).select_related(
        "budget", "category", "scope"
    )
    for project in projects.order_by("budget__position", "budget_id", "position", "id"):
        yield {
            "id": project.pk,
            "budget": project.budget.title,
            "title": project.title,
            "description": strip_tags(project.description).strip(),
            "cost": str(project.cost),
            "category": project.category.name if project.category else "",
            "scope": project.scope.title if project.scope else "",
            "address": project.address,
            "latitude": float(project.latitude) if project.latitude is not None else None,
            "longitude": float(project.longitude) if project.longitude is not None else None,
            "votes_count": project.votes_count,
            "url": component.url("project", pk=project.pk),
        }


def _participants(components, scope_ids):
    from budgets.selectors import participant_ids

    return participant_ids(components, scope_ids)


MANIFEST = ComponentManifest(
    name="budgets",
    label=_("Participatory budget"),
    description=_("Residents choose, within a budget, the projects the city will fund."),
    public_urls="budgets.urls",
    admin_urls="budgets.admin_urls",
    settings=SettingsSchema(
        {
            "vote_rule": ChoiceSetting(
                label=_("What makes a ballot valid, besides staying within the budget"),
                default=RULE_MINIMUM_SHARE,
                choices=(
                    (RULE_MINIMUM_SHARE, _("Reach a minimum share of the budget")),
                    (RULE_PROJECT_RANGE, _("Choose between a minimum and a maximum of projects")),
                    (RULE_FIXED_PROJECTS, _("Choose an exact number of projects")),
                ),
            ),
            "minimum_share": IntegerSetting(
                label=_("Minimum share of the budget to reach (%)"),
                default=70,
                min_value=0,
                max_value=100,
            ),
            "minimum_projects": IntegerSetting(
                label=_("Minimum number of projects"), default=1, min_value=0
            ),
            "maximum_projects": IntegerSetting(
                label=_("Maximum number of projects (0: no maximum)"), default=0, min_value=0
            ),
            "fixed_projects": IntegerSetting(
                label=_("Exact number of projects"), default=3, min_value=1
            ),
            "single_budget": BooleanSetting(
                label=_("Each resident votes in one budget only"), default=False
            ),
            "cancel_allowed": BooleanSetting(
                label=_("Residents may cancel their ballot and vote again while voting is open"),
                default=True,
            ),
            "counting_rule": ChoiceSetting(
                label=_("Counting rule"),
                default=COUNT_GREEDY,
                choices=(
                    (COUNT_GREEDY, _("Most votes first, within the budget")),
                    (COUNT_MES, _("Method of Equal Shares")),
                    (COUNT_MES_COMPARE, _("Method of Equal Shares, compared with most votes")),
                ),
            ),
            "geolocation_enabled": BooleanSetting(label=_("Address and map point"), default=True),
            "projects_per_page": IntegerSetting(
                label=_("Projects per page"), default=24, min_value=5, max_value=100
            ),
        }
    ),
    step_settings=SettingsSchema(
        {
            "votes_enabled": BooleanSetting(label=_("Voting open"), default=False),
            "votes_blocked": BooleanSetting(
                label=_("Voting blocked"),
                default=False,
                help_text=_("Ballots stay as they are; nobody can change or cast one."),
            ),
            "show_votes": BooleanSetting(label=_("Vote counts shown on projects"), default=False),
            "comments_enabled": BooleanSetting(label=_("Comments enabled"), default=False),
        }
    ),
    actions={
        "vote": Action(
            label=_("Vote in a budget"),
            rule=signed_in & space_member & verified & step_allows("votes_enabled"),
        ),
        "comment": Action(
            label=_("Comment on a project"),
            rule=signed_in & space_member & verified & step_allows("comments_enabled"),
        ),
    },
    exports={"projects": Export(_("Projects"), _export)},
    metrics=_metrics,
    metric_labels={"projects": _("Projects"), "ballots": _("Ballots cast")},
    dated_metrics={
        "ballots": DatedMetric(_("Ballots cast"), _ballot_rows, person="user_id", order=60),
    },
    map_layer=_map_layer,
    participants=_participants,
    commentables=hooks.COMMENTABLES,
    searchables=hooks.SEARCHABLES,
    attachables=hooks.ATTACHABLES,
    demo=(DemoSeeder("budgets.demo.seed_budgets", order=33),),
    check_settings=_check_settings,
)
