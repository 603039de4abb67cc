from django.shortcuts import render
from django.views.decorators.http import require_GET

from participation import events
from participation.backoffice.access import backoffice_required
from participation.backoffice.registry import sections_for
from participation.models import ActionLog


@backoffice_required()
@require_GET
def dashboard(request):
    organization = request.organization
    recent = []
    if request.user.is_admin_of(organization):
        recent = list(
            ActionLog.objects.filter(organization=organization).select_related("actor")[:10]
        )
        for entry in recent:
            entry.sentence = events.describe(entry)
    return render(
        request,
        "backoffice/dashboard.html",
        {"sections": sections_for(request.user, organization), "recent_actions": recent},
    )
