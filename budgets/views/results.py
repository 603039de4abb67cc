"""The public results page of a budget, once an admin has published them.

The chart is drawn by the core's chart module (participation.charts, inline SVG, no
script, no inline style) and its numbers are repeated in the table of all the projects.
"""

from decimal import Decimal

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from budgets.component import COUNT_GREEDY, COUNT_MES, COUNT_MES_COMPARE
from budgets.models import Budget, ProjectResult
from participation import charts
from participation.numbers import format_number

RULE_EXPLANATIONS = {
    COUNT_GREEDY: (
        gettext_lazy(
            "Projects with the most votes come first. They are funded in that order, "
            "skipping those that no longer fit in what is left of the budget, until no "
            "other project fits."
        ),
    ),
    COUNT_MES: (
        gettext_lazy(
            "Method of Equal Shares: the budget is shared out equally between the voters. "
            "A project is funded when the voters who chose it can pay for it together from "
            "their shares; each time, the project that asks the least from each of its "
            "supporters goes first."
        ),
        gettext_lazy(
            "So a group of voters gets projects in proportion to its size: a majority cannot "
            "take the whole budget, and smaller neighbourhoods or causes get their fair part. "
            "What is left at the end goes to the projects that fit, raising every share a "
            "little at a time."
        ),
    ),
}
RULE_EXPLANATIONS[COUNT_MES_COMPARE] = (
    *RULE_EXPLANATIONS[COUNT_MES],
    gettext_lazy(
        "Last step, a comparison: the outcome of equal shares is set against the outcome "
        "of “most votes first”; the one that more voters prefer (more of the projects they "
        "chose are funded) is kept."
    ),
)
RULE_NAMES = {
    COUNT_GREEDY: gettext_lazy("Most votes first, within the budget"),
    COUNT_MES: gettext_lazy("Method of Equal Shares"),
    COUNT_MES_COMPARE: gettext_lazy("Method of Equal Shares, compared with most votes"),
}


def votes_chart(rows: list[ProjectResult], *, chart_id: str, title: str) -> SafeString:
    """Horizontal bars, one per project by rank; selected ones filled, the rest outlined."""
    selected = sum(1 for row in rows if row.selected)
    desc = " ".join(
        (
            ngettext(
                "Votes per project, by rank: %(count)d project,",
                "Votes per project, by rank: %(count)d projects,",
                len(rows),
            )
            % {"count": len(rows)},
            ngettext(
                "%(selected)d selected (filled bar).",
                "%(selected)d selected (filled bars).",
                selected,
            )
            % {"selected": selected},
            _("The same numbers are in the table below."),
        )
    )
    bars = [
        charts.Bar(
            label=str(row.rank),
            value=row.votes,
            name=_("%(title)s: %(votes)s, %(selection)s")
            % {
                "title": row.project.title,
                "votes": format_number(row.votes),
                "selection": _("selected") if row.selected else _("not selected"),
            },
            highlighted=row.selected,
        )
        for row in rows
    ]
    return charts.bar_chart(chart_id=chart_id, title=title, description=desc, bars=bars)


@require_GET
def results(request, budget_id: int):
    component = request.component
    budget = (
        Budget.objects.filter(component=component, organization_id=component.organization_id)
        .select_related("result", "scope")
        .filter(pk=budget_id, result__isnull=False)
        .first()
    )
    if budget is None:
        raise Http404
    rows = list(
        ProjectResult.objects.filter(budget=budget)
        .select_related("project", "project__category")
        .order_by("rank")
    )
    funded = sum((row.project.cost for row in rows if row.selected), Decimal(0))
    rule = budget.result.rule
    percent = int(funded * 100 // budget.total) if budget.total else 0
    title = _("Votes for each project of “%(budget)s”") % {"budget": budget.title}
    return render(
        request,
        "budgets/results/page.html",
        {
            "space": request.space,
            "space_type": request.space_type,
            "component": component,
            "budget": budget,
            "result": budget.result,
            "rows": rows,
            "funded": funded,
            "left": budget.total - funded,
            "percent": percent,
            "selected_count": sum(1 for row in rows if row.selected),
            "overridden": [row for row in rows if row.is_overridden],
            "rule_name": RULE_NAMES.get(rule, rule),
            "explanation": RULE_EXPLANATIONS.get(rule, ()),
            "chart": votes_chart(rows, chart_id=f"budget-{budget.pk}-votes", title=title),
            "chart_title": title,
            "breadcrumb_item": _("Results: %(budget)s") % {"budget": budget.title},
        },
    )


# Added at the end of budgets/urls.py.
RESULTS_URL = path("results/<int:budget_id>/", results, name="results")
