"""Reporting (residents), the moderation queue (moderators), the activity log and feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation import events
from participation.backoffice.access import backoffice_required
from participation.backoffice.registry import is_org_admin
from participation.errors import ServiceError
from participation.models import ActionLog, Space, User
from participation.moderation import selectors, services
from participation.moderation.feed import recent_activity
from participation.moderation.filters import ActivityFilter
from participation.moderation.forms import BlockForm, QueueFilterForm, ReportForm, ThresholdForm
from participation.moderation.models import Moderation
from participation.moderation.permissions import _moderated, can_moderate, may_moderate_something
from participation.moderation.registry import get_reportable
from participation.space_types import SPACE_TYPES

PAGE_SIZE = 50
moderator_required = backoffice_required(may_moderate_something)
org_admin_required = backoffice_required(is_org_admin)


# --- Residents --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report(request, type_key: str, object_id: int):
    reportable = get_reportable(type_key)
    if reportable is None:
        raise Http404
    item, described = selectors.described_item(
        reportable, reportable.queryset(request.organization, request.user), object_id
    )
    if item is None:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation = services.report(
                actor=request.user,
                organization=request.organization,
                item=item,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the moderators will look at your report."))
            return redirect(moderation.target_url if not moderation.is_hidden else "/")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "moderation/report.html",
        {
            "form": form,
            "item": item,
            "described": described,
            "reportable": reportable,
            "item_url": reportable.url(item),
        },
        status=status,
    )


# --- Moderators -------------------------------------------------------------------------


def _moderated_spaces(request) -> list:
    user, organization = request.user, request.organization
    if user.is_admin_of(organization):
        queryset = Space.objects.of(organization)
    else:
        queryset = _moderated(user, organization)
    # Grouped by type in the registry's order, as the filter lists them.
    order = {key: position for position, key in enumerate(SPACE_TYPES)}
    spaces = list(queryset.order_by("title"))
    spaces.sort(key=lambda space: order.get(space.space_type, len(order)))
    return spaces


@moderator_required
@require_GET
def queue(request):
    organization = request.organization
    form = QueueFilterForm(request.GET or None, spaces=_moderated_spaces(request))
    items = selectors.queue(user=request.user, organization=organization)
    if form.is_valid():
        status = form.cleaned_data["status"]
        if status == "hidden":
            items = items.hidden()
        elif status == "reported":
            items = items.reported()
        space = form.cleaned_data["space"]
        if space == "people":
            items = items.filter(space__isnull=True)
        elif space:
            _key, _sep, pk = space.rpartition("-")
            items = items.filter(space_id=int(pk))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_items(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/admin/queue.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode() if form.is_valid() else "",
            "is_admin": request.user.is_admin_of(organization),
        },
    )


def _moderation_or_404(request, pk: int) -> Moderation:
    moderation = get_object_or_404(
        Moderation.objects.select_related("content_type"), organization=request.organization, pk=pk
    )
    if not can_moderate(user=request.user, moderation=moderation):
        raise Http404
    return moderation


@moderator_required
@require_GET
def detail(request, pk: int):
    moderation = _moderation_or_404(request, pk)
    selectors.with_items([moderation])
    reports = list(moderation.reports.select_related("user"))
    is_person = moderation.content_type.model_class() is User
    person = User.objects.filter(pk=moderation.object_id).first() if is_person else None
    return render(
        request,
        "moderation/admin/detail.html",
        {
            "moderation": moderation,
            "reports": reports,
            "person": person,
            "block_form": BlockForm(),
        },
    )


ACTIONS = {
    "hide": (services.hide, gettext_lazy("The item is hidden.")),
    "unhide": (services.unhide, gettext_lazy("The item is visible again.")),
    "unreport": (services.unreport, gettext_lazy("The reports are dismissed.")),
}


@moderator_required
@require_POST
def act(request, pk: int, action: str):
    moderation = _moderation_or_404(request, pk)
    service, success = ACTIONS[action]
    try:
        service(actor=request.user, moderation=moderation)
    except ServiceError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, str(success))
    return redirect("moderation:detail", pk=moderation.pk)


@org_admin_required
@require_POST
def block(request, pk: int):
    moderation = _moderation_or_404(request, pk)
    if moderation.content_type.model_class() is not User:
        raise Http404
    form = BlockForm(request.POST)
    if form.is_valid():
        try:
            services.block_user(
                actor=request.user,
                organization=request.organization,
                user_id=moderation.object_id,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The participant is blocked."))
            return redirect("moderation:detail", pk=moderation.pk)
    selectors.with_items([moderation])
    reports = list(moderation.reports.select_related("user"))
    person = User.objects.filter(pk=moderation.object_id).first()
    return render(
        request,
        "moderation/admin/detail.html",
        {"moderation": moderation, "reports": reports, "person": person, "block_form": form},
        status=400,
    )


@org_admin_required
@require_http_methods(["GET", "POST"])
def moderation_settings(request):
    organization = request.organization
    form = ThresholdForm(
        request.POST or None, initial={"hide_threshold": selectors.hide_threshold(organization)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_hide_threshold(
                actor=request.user,
                organization=organization,
                value=form.cleaned_data["hide_threshold"],
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("moderation:settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "moderation/admin/settings.html", {"form": form}, status=status)


# --- Activity -------------------------------------------------------------------------------


def _changes(entry) -> list[tuple[str, object, object]]:
    """(field, before, after) rows; plain values show as "after" only. Escaped by templates."""
    rows = []
    for key, value in (entry.changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            rows.append((str(key), value[0], value[1]))
        else:
            rows.append((str(key), None, value))
    return rows


@org_admin_required
@require_GET
def activity_log(request):
    organization = request.organization
    entries = ActionLog.objects.filter(organization=organization)
    names = entries.order_by("action").values_list("action", flat=True).distinct()
    actions = sorted(((name, events.action_label(name)) for name in names), key=lambda c: c[1])
    filters = ActivityFilter(
        request.GET or None,
        queryset=entries.select_related("actor").order_by("-created_at", "-id"),
        actions=actions,
    )
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.sentence = events.describe(entry)
        entry.change_rows = _changes(entry)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/admin/activity.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode() if filters.is_valid() else "",
        },
    )


@require_GET
def activity_feed(request):
    return render(
        request, "moderation/activity.html", {"items": recent_activity(request.organization)}
    )
