"""Public pages of a budgets component. The framework has checked the space and the component.

Everything works without JavaScript: adding and removing projects are POST forms that
redirect back with a message. ``budgets/ballot.js`` sends the same forms with fetch and
asks for JSON (``Accept: application/json``); the answer carries the message and the
re-rendered ballot panel and button.
"""

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budgets import selectors
from budgets.forms import ProjectFilterForm
from budgets.services import ballots as services
from participation.attachments import images_and_documents
from participation.components.map_points import map_points
from participation.components.order_seed import read_order_seed, remember_order_seed
from participation.redirects import safe_next
from participation.taxonomy import organization_scopes, space_categories

SEED_COOKIE = "budgets_order_seed"
FILTER_PARAMS = ("q", "category", "scope", "in_ballot", "order", "view")


def _voter_key(request) -> str | None:
    user = request.user
    if not user.is_authenticated or user.organization_id != request.component.organization_id:
        return None
    return services.voter_key_for(user=user, component=request.component)


def _context(request, **extra):
    component = request.component
    step = component.active_step_settings(space=request.space)
    refusal = services.vote_refusal(actor=request.user, component=component)
    return {
        "space": request.space,
        "space_type": request.space_type,
        "component": component,
        "settings": component.typed_settings,
        "step_settings": step,
        "can_vote": refusal is None,
        "vote_refusal": refusal.messages[0] if refusal is not None else "",
        "vote_refusal_code": getattr(refusal, "error_code", ""),
        "cancel_allowed": services.can_cancel(component=component),
        "tiles_url": django_settings.LEAFLET_TILES_URL,
        **extra,
    }


def _budget_context(request, budget, mine) -> dict:
    """In single-budget mode, a person who chose another budget is told so here."""
    refusal = services.single_budget_refusal(
        component=request.component, budget=budget, voter_key=mine.voter_key
    )
    if refusal is None or mine.ballot is not None and mine.ids:
        return {}
    return {"can_vote": False, "vote_refusal": refusal, "vote_refusal_code": "other_budget"}


def _budget(request, pk: int):
    return get_object_or_404(selectors.budgets_of(request.component), pk=pk)


def _mine(request, budget):
    return selectors.voter_ballot(
        budget, _voter_key(request), services.rule_of(component=request.component)
    )


# --- Index -----------------------------------------------------------------------------------


@require_GET
def index(request):
    component = request.component
    budgets = list(selectors.budgets_of(component))
    if len(budgets) == 1:
        return redirect(component.url("budget", pk=budgets[0].pk))
    statuses = selectors.voter_statuses(component, _voter_key(request))
    single = component.typed_settings.single_budget
    chosen = next(iter(statuses), None) if single else None
    rows = [
        {
            "budget": budget,
            "status": statuses.get(budget.pk),
            "votable": not single or chosen is None or chosen == budget.pk,
        }
        for budget in budgets
    ]
    return render(
        request,
        "budgets/index.html",
        _context(request, rows=rows, single_budget=single, chosen=chosen),
    )


# --- A budget's projects ---------------------------------------------------------------------


def _order(request, votes_shown: bool) -> str:
    order = request.GET.get("order", "")
    if order == "most_voted" and not votes_shown:
        return selectors.DEFAULT_ORDER
    return order if order in selectors.ORDERINGS else selectors.DEFAULT_ORDER


def _query(request, *without) -> str:
    """The allow-listed parameters of this request (bad values dropped), for links."""
    params = request.GET.copy()
    for key in list(params):
        if key not in FILTER_PARAMS or key in without:
            del params[key]
    if "order" in params and params["order"] not in selectors.ORDERINGS:
        del params["order"]
    if "view" in params and params["view"] not in ("list", "map"):
        del params["view"]
    return params.urlencode()


def _here(request) -> str:
    """This page's address with its allow-listed parameters only, to come back to."""
    query = _query(request)
    return request.path + ("?" + query if query else "")


def _filtered_projects(request, budget, mine):
    component = request.component
    form = ProjectFilterForm(
        request.GET or None,
        categories=space_categories(component.space),
        scopes=organization_scopes(component.organization_id),
        with_ballot=mine.ballot is not None or request.user.is_authenticated,
    )
    values = form.values()
    queryset = selectors.filtered(
        selectors.projects_of(budget),
        q=values["q"],
        category=values["category"],
        scope=values["scope"],
        only_ids=mine.ids if values["in_ballot"] else None,
    )
    return form, queryset


@require_GET
def budget(request, pk: int):
    component = request.component
    budget = _budget(request, pk)
    mine = _mine(request, budget)
    step = component.active_step_settings(space=request.space)
    form, queryset = _filtered_projects(request, budget, mine)
    order = _order(request, step.show_votes)
    view = "map" if request.GET.get("view") == "map" else "list"
    if not component.typed_settings.geolocation_enabled:
        view = "list"
    page = None
    seed, new_seed = read_order_seed(request, SEED_COOKIE)
    if view == "list":
        listing = selectors.ordered(
            selectors.for_listing(queryset), order, seed, votes_shown=step.show_votes
        )
        page = Paginator(listing, component.typed_settings.projects_per_page).get_page(
            request.GET.get("page")
        )
    orderings = [("random", _("Random order"))]
    if step.show_votes:
        orderings.append(("most_voted", _("Most votes")))
    orderings += [
        ("cost_asc", _("Cost, lowest first")),
        ("cost_desc", _("Cost, highest first")),
        ("alphabetical", _("Alphabetical")),
    ]
    response = render(
        request,
        "budgets/budget.html",
        _context(
            request,
            budget=budget,
            mine=mine,
            form=form,
            page_obj=page,
            order=order,
            orderings=orderings,
            view=view,
            query=_query(request, "page"),
            query_no_view=_query(request, "page", "view"),
            map_url=component.url("map_data", pk=budget.pk) + "?" + _query(request, "page", "view"),
            here=_here(request),
            breadcrumb_item=budget.title,
            **_budget_context(request, budget, mine),
        ),
    )
    if new_seed and view == "list":
        remember_order_seed(response, SEED_COOKIE, seed)
    return response


@require_GET
def map_data(request, pk: int):
    budget = _budget(request, pk)
    mine = _mine(request, budget)
    _form, queryset = _filtered_projects(request, budget, mine)
    points = map_points(queryset)
    base = request.component.get_absolute_url()
    for point in points:
        point["url"] = f"{base}projects/{point['id']}/"
    return JsonResponse({"points": points})


def _project(request, pk: int):
    queryset = selectors.projects_of_component(request.component).select_related(
        "budget", "budget__scope", "category", "scope"
    )
    return get_object_or_404(queryset, pk=pk)


@require_GET
def project(request, pk: int):
    project = _project(request, pk)
    budget = project.budget
    budget.component = request.component
    mine = _mine(request, budget)
    images, documents = images_and_documents(project.attachments.all())
    return render(
        request,
        "budgets/project.html",
        _context(
            request,
            budget=budget,
            project=project,
            images=images,
            documents=documents,
            mine=mine,
            here=request.path,
            breadcrumb_item=project.title,
            **_budget_context(request, budget, mine),
        ),
    )


# --- Adding and removing ---------------------------------------------------------------------


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request, budget) -> str:
    return safe_next(request, request.POST.get("next")) or request.component.url(
        "budget", pk=budget.pk
    )


def _toggle(request, pk: int, action, success: str):
    project = _project(request, pk)
    budget = project.budget
    component = request.component
    ok = True
    try:
        action(component=component, budget=budget, project=project)
    except ValidationError as error:
        ok = False
        message = " ".join(error.messages)
    else:
        message = success % {"title": project.title}
    if not _wants_json(request):
        (messages.success if ok else messages.error)(request, message)
        return redirect(_back(request, budget))
    mine = _mine(request, budget)
    context = _context(
        request, budget=budget, mine=mine, project=project, here=request.POST.get("next", "")
    )
    return JsonResponse(
        {
            "ok": ok,
            "message": message,
            "status": render_to_string("budgets/_status.html", context, request=request).strip(),
            "panel": render_to_string("budgets/_panel_body.html", context, request=request),
            "toggle": render_to_string("budgets/_toggle.html", context, request=request),
        },
        status=200 if ok else 400,
    )


@login_required
@require_POST
def add(request, pk: int):
    return _toggle(
        request,
        pk,
        lambda **kwargs: services.add_project(actor=request.user, **kwargs),
        _("“%(title)s” is added to your ballot."),
    )


@login_required
@require_POST
def remove(request, pk: int):
    return _toggle(
        request,
        pk,
        lambda **kwargs: services.remove_project(actor=request.user, **kwargs),
        _("“%(title)s” is removed from your ballot."),
    )


# --- Summary, checkout, confirmation, cancel -----------------------------------------------


@login_required
@require_GET
def summary(request, pk: int):
    budget = _budget(request, pk)
    mine = _mine(request, budget)
    if mine.is_cast:
        return redirect(request.component.url("confirmation", pk=budget.pk))
    return render(
        request,
        "budgets/summary.html",
        _context(
            request,
            budget=budget,
            mine=mine,
            here=request.path,
            breadcrumb_item=_("My ballot"),
            on_summary=True,
            plain_forms=True,  # the table and its total change too: reload the page
        ),
    )


@login_required
@require_POST
def cast(request, pk: int):
    budget = _budget(request, pk)
    component = request.component
    try:
        services.checkout(actor=request.user, component=component, budget=budget)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        mine = _mine(request, budget)
        if mine.is_cast:
            return redirect(component.url("confirmation", pk=budget.pk))
        return redirect(component.url("summary", pk=budget.pk))
    messages.success(request, _("Your vote is recorded. Thank you!"))
    return redirect(component.url("confirmation", pk=budget.pk))


@login_required
@require_GET
def confirmation(request, pk: int):
    budget = _budget(request, pk)
    mine = _mine(request, budget)
    if not mine.is_cast:
        return redirect(request.component.url("summary", pk=budget.pk))
    return render(
        request,
        "budgets/confirmation.html",
        _context(request, budget=budget, mine=mine, breadcrumb_item=_("My vote")),
    )


@login_required
@require_POST
def cancel(request, pk: int):
    budget = _budget(request, pk)
    component = request.component
    try:
        services.cancel(actor=request.user, component=component, budget=budget)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(component.url("confirmation", pk=budget.pk))
    messages.success(
        request,
        _("Your vote is cancelled. Your choice is kept below: change it and cast it again."),
    )
    return redirect(component.url("summary", pk=budget.pk))
