"""Back-office pages of a budgets component, under .../components/<id>/manage/.

The framework has already checked that the visitor manages the space; every
write goes through budgets.services (which checks again) and every object is
looked up inside ``request.component``.
"""

from decimal import Decimal

from django.conf import settings as django_settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgets.admin_forms import BudgetForm, OverrideForm, PaperBallotForm, ProjectForm
from budgets.election import ElectionError
from budgets.models import Ballot, BallotLine, BallotStatus, Budget, BudgetResult, ProjectResult
from budgets.rules import VoteRule
from budgets.services import budgets as budget_services
from budgets.services import paper, results
from budgets.views.results import RULE_NAMES
from participation import geocoding
from participation.forms import apply_service_errors
from participation.taxonomy import organization_scopes, space_categories


def _context(request, **extra):
    return {
        "space": request.space,
        "space_type": request.space_type,
        "component": request.component,
        "settings": request.component.typed_settings,
        **extra,
    }


def _budgets(request):
    return Budget.objects.filter(
        component=request.component, organization_id=request.component.organization_id
    )


def _budget(request, budget_id: int) -> Budget:
    budget = get_object_or_404(_budgets(request).select_related("scope"), pk=budget_id)
    budget.component = request.component
    return budget


def _project(request, budget: Budget, pk: int):
    project = get_object_or_404(budget.projects.all(), pk=pk)
    project.budget = budget
    return project


# --- Budgets ---------------------------------------------------------------------------------


@require_GET
def index(request):
    component = request.component
    budgets = list(
        _budgets(request)
        .select_related("scope", "result")
        .annotate(
            project_count=Count("projects", distinct=True),
            projects_cost=Sum("projects__cost"),
        )
    )
    cast = dict(
        Ballot.objects.filter(component=component, status=BallotStatus.CHECKED_OUT)
        .values("budget")
        .annotate(count=Count("id"))
        .values_list("budget", "count")
    )
    rule = VoteRule.from_settings(component.typed_settings)
    problems = list(rule.inconsistencies())
    for budget in budgets:
        budget.component = component
        budget.cast_count = cast.get(budget.pk, 0)
        budget.is_published = hasattr(budget, "result")
        if not problems:
            budget.problems = budget_services.budget_problems(
                budget=budget,
                rule=rule,
                count=budget.project_count,
                total_cost=budget.projects_cost or Decimal(0),
            )
    return render(
        request,
        "budgets/admin/index.html",
        _context(request, budgets=budgets, rule_problems=problems),
    )


def _save_budget(request, budget=None):
    component = request.component
    form = BudgetForm(
        request.POST or None, instance=budget, scopes=organization_scopes(component.organization_id)
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name) for name in budget_services.BUDGET_FIELDS}
        try:
            if budget is None:
                budget = budget_services.create_budget(
                    actor=request.user, component=component, data=data
                )
            else:
                budget = budget_services.update_budget(actor=request.user, budget=budget, data=data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Budget saved."))
            return redirect(component.admin_url("projects", budget_id=budget.pk))
    return render(
        request,
        "budgets/admin/budget_form.html",
        _context(request, form=form, budget=budget, tab="budget"),
    )


@require_http_methods(["GET", "POST"])
def budget_create(request):
    return _save_budget(request)


@require_http_methods(["GET", "POST"])
def budget_edit(request, budget_id: int):
    return _save_budget(request, _budget(request, budget_id))


@require_http_methods(["GET", "POST"])
def budget_delete(request, budget_id: int):
    budget = _budget(request, budget_id)
    error = None
    if request.method == "POST":
        try:
            budget_services.delete_budget(actor=request.user, budget=budget)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Budget deleted."))
            return redirect(request.component.admin_url("index"))
    return render(
        request,
        "budgets/admin/confirm_delete.html",
        _context(
            request,
            title=_("Delete the budget “%(title)s” and its projects?") % {"title": budget.title},
            cancel_url=request.component.admin_url("index"),
            error=error,
        ),
        status=400 if error else 200,
    )


# --- Projects --------------------------------------------------------------------------------


@require_GET
def projects(request, budget_id: int):
    budget = _budget(request, budget_id)
    rows = list(
        budget.projects.select_related("category", "scope").annotate(files=Count("attachments"))
    )
    return render(
        request,
        "budgets/admin/projects.html",
        _context(request, budget=budget, projects=rows, tab="projects"),
    )


def _save_project(request, budget, project=None):
    component = request.component
    geolocation = component.typed_settings.geolocation_enabled
    form = ProjectForm(
        request.POST or None,
        request.FILES or None,
        instance=project,
        categories=space_categories(component.space),
        scopes=organization_scopes(component.organization_id),
        geolocation=geolocation,
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data.get(name)
            for name in budget_services.PROJECT_FIELDS
            if name in form.fields
        }
        if geolocation:
            geocoding.fill_missing_point(data)
        original = project
        try:
            with transaction.atomic():
                if project is None:
                    project = budget_services.create_project(
                        actor=request.user, budget=budget, data=data
                    )
                else:
                    project = budget_services.update_project(
                        actor=request.user, project=project, data=data
                    )
                upload = form.cleaned_data.get("attachment")
                if upload:
                    budget_services.add_project_attachment(
                        actor=request.user,
                        project=project,
                        upload=upload,
                        description=form.cleaned_data.get("attachment_description", ""),
                    )
        except ValidationError as error:
            project = original  # all or nothing: a refused file leaves no new project
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Project saved."))
            if "add_another" in request.POST:
                return redirect(
                    component.admin_url("project_edit", budget_id=budget.pk, pk=project.pk)
                )
            return redirect(component.admin_url("projects", budget_id=budget.pk))
    attachments = list(project.attachments.all()) if project is not None and project.pk else []
    return render(
        request,
        "budgets/admin/project_form.html",
        _context(
            request,
            form=form,
            budget=budget,
            project=project,
            attachments=attachments,
            tab="projects",
            tiles_url=django_settings.LEAFLET_TILES_URL,
        ),
    )


@require_http_methods(["GET", "POST"])
def project_create(request, budget_id: int):
    return _save_project(request, _budget(request, budget_id))


@require_http_methods(["GET", "POST"])
def project_edit(request, budget_id: int, pk: int):
    budget = _budget(request, budget_id)
    return _save_project(request, budget, _project(request, budget, pk))


@require_http_methods(["GET", "POST"])
def project_delete(request, budget_id: int, pk: int):
    budget = _budget(request, budget_id)
    project = _project(request, budget, pk)
    error = None
    if request.method == "POST":
        try:
            budget_services.delete_project(actor=request.user, project=project)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Project deleted."))
            return redirect(request.component.admin_url("projects", budget_id=budget.pk))
    return render(
        request,
        "budgets/admin/confirm_delete.html",
        _context(
            request,
            title=_("Delete the project “%(title)s”?") % {"title": project.title},
            cancel_url=request.component.admin_url("projects", budget_id=budget.pk),
            error=error,
        ),
        status=400 if error else 200,
    )


@require_POST
def attachment_delete(request, budget_id: int, pk: int, attachment_id: int):
    budget = _budget(request, budget_id)
    project = _project(request, budget, pk)
    attachment = get_object_or_404(project.attachments.all(), pk=attachment_id)
    budget_services.remove_project_attachment(actor=request.user, attachment=attachment)
    messages.success(request, _("File removed."))
    return redirect(request.component.admin_url("project_edit", budget_id=budget.pk, pk=project.pk))


# --- Paper ballots ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def paper_ballots(request, budget_id: int):
    budget = _budget(request, budget_id)
    form = PaperBallotForm(request.POST or None, budget=budget)
    if request.method == "POST" and form.is_valid():
        try:
            paper.record_paper_ballot(
                actor=request.user, budget=budget, projects=list(form.cleaned_data["projects"])
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Paper ballot recorded."))
            return redirect(request.component.admin_url("paper", budget_id=budget.pk))
    ballots = list(
        Ballot.objects.filter(budget=budget, is_paper=True)
        .select_related("entered_by")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=BallotLine.objects.select_related("project").order_by("project__title"),
            )
        )
    )
    return render(
        request,
        "budgets/admin/paper.html",
        _context(
            request,
            budget=budget,
            form=form,
            ballots=ballots,
            tab="paper",
            published=BudgetResult.objects.filter(budget=budget).exists(),
        ),
        status=400 if form.errors else 200,
    )


@require_POST
def paper_void(request, budget_id: int, pk: int):
    budget = _budget(request, budget_id)
    ballot = get_object_or_404(Ballot.objects.filter(budget=budget, is_paper=True), pk=pk)
    ballot.component = request.component
    try:
        paper.void_paper_ballot(actor=request.user, ballot=ballot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Paper ballot voided."))
    return redirect(request.component.admin_url("paper", budget_id=budget.pk))


# --- Results ---------------------------------------------------------------------------------


@require_GET
def results_preview(request, budget_id: int):
    budget = _budget(request, budget_id)
    outcome, error = None, None
    try:
        outcome = results.compute_outcome(budget=budget)
    except ElectionError as refused:
        error = str(refused)
    published = list(
        ProjectResult.objects.filter(budget=budget).select_related("project").order_by("rank")
    )
    result = BudgetResult.objects.filter(budget=budget).first()
    return render(
        request,
        "budgets/admin/results.html",
        _context(
            request,
            budget=budget,
            outcome=outcome,
            error=error,
            result=result,
            published=published,
            tab="results",
            public_url=request.component.url("results", budget_id=budget.pk),
            rule_name=RULE_NAMES.get(budget.component.typed_settings.counting_rule, ""),
            voting_open=results.voting_open(budget=budget),
        ),
    )


@require_POST
def results_publish(request, budget_id: int):
    budget = _budget(request, budget_id)
    try:
        results.publish_results(
            actor=request.user,
            budget=budget,
            while_voting_open=request.POST.get("confirm_voting_open") == "yes",
        )
    except (ValidationError, ElectionError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Results published."))
    return redirect(request.component.admin_url("results", budget_id=budget.pk))


@require_POST
def results_withdraw(request, budget_id: int):
    budget = _budget(request, budget_id)
    try:
        results.withdraw_results(actor=request.user, budget=budget)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Results withdrawn: they are no longer public."))
    return redirect(request.component.admin_url("results", budget_id=budget.pk))


@require_http_methods(["GET", "POST"])
def results_override(request, budget_id: int, pk: int):
    budget = _budget(request, budget_id)
    result = get_object_or_404(
        ProjectResult.objects.filter(budget=budget).select_related("project"), project_id=pk
    )
    result.budget = budget
    form = OverrideForm(request.POST or None, initial={"selected": 0 if result.selected else 1})
    if request.method == "POST" and form.is_valid():
        try:
            results.override_selection(
                actor=request.user,
                result=result,
                selected=form.cleaned_data["selected"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Decision saved; the reason is published."))
            return redirect(request.component.admin_url("results", budget_id=budget.pk))
    return render(
        request,
        "budgets/admin/override.html",
        _context(request, budget=budget, result=result, form=form, tab="results"),
        status=400 if form.errors else 200,
    )
