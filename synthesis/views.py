"""Back-office metrics: the organisation's (org admins) and each space's (its role holders)."""

import datetime

from django.shortcuts import render
from django.views.decorators.http import require_GET

from participation import charts
from participation.backoffice.access import backoffice_required
from participation.backoffice.registry import is_org_admin
from spaces.admin_views.access import space_page
from spaces.types import SPACE_TYPES
from synthesis import selectors
from synthesis.services import local_today


def _context(request, *, space=None) -> dict:
    organization = request.organization
    days = selectors.period_from(request.GET.get("days"))
    until = local_today(organization=organization) - datetime.timedelta(days=1)
    all_series = selectors.series(organization, space=space, days=days, until=until)
    return {
        "days": days,
        "periods": selectors.PERIODS,
        "until": until,
        "charts": [
            {
                "series": s,
                "svg": charts.line_chart(
                    chart_id=f"chart-{s.name}", title=s.label, points=s.points
                ),
            }
            for s in all_series
        ],
        "space": space,
    }


@backoffice_required(is_org_admin)
@require_GET
def organization_metrics(request):
    context = _context(request)
    listed = [
        (kind, list(kind.model.objects.of(request.organization).only("pk", "slug", "title")[:200]))
        for kind in SPACE_TYPES.values()
    ]
    context["spaces"] = [(kind, items) for kind, items in listed if items]
    return render(request, "synthesis/metrics.html", context)


@space_page
@require_GET
def space_metrics(request, space, space_type):
    context = _context(request, space=space)
    context["space_type"] = space_type
    return render(request, "synthesis/metrics.html", context)
