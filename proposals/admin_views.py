"""The proposals back-office, mounted under .../components/<id>/manage/.

The framework has found the space and the component and let in administrators,
evaluators and collaborators (``admin_permissions.can_open_admin``); each view
checks what it does, and every write goes through a service that checks again.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from participation.errors import ServiceError
from participation.forms import apply_service_errors
from participation.moderation.services import hide_item
from participation.taxonomy import organization_scopes, space_categories
from proposals.admin_forms import (
    AnswerForm,
    EvaluatorForm,
    FilterForm,
    ImportForm,
    MergeForm,
    NoteForm,
    SplitForm,
    StateForm,
)
from proposals.models import Proposal, ProposalCustomState
from proposals.permissions import can_evaluate, can_manage, can_read_notes
from proposals.selectors import admin as admin_selectors
from proposals.services import answers, bulk, evaluation, merging

PER_PAGE = 50


def _forbidden(request):
    return render(request, "errors/403.html", status=403)


def _context(request, **extra):
    return {
        "space": request.space,
        "space_type": request.space_type,
        "component": request.component,
        "can_manage": can_manage(user=request.user, space=request.space),
        **extra,
    }


def _flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- The list ------------------------------------------------------------------------------


def _filter_form(request, states=None, evaluators=None):
    component, space = request.component, request.space
    return FilterForm(
        request.GET or None,
        states=states if states is not None else answers.custom_states(component=component),
        categories=space_categories(component.space),
        scopes=organization_scopes(component.organization_id),
        evaluators=evaluators
        if evaluators is not None
        else evaluation.space_evaluators(space=space),
    )


@require_GET
def index(request):
    component, space, user = request.component, request.space, request.user
    states = answers.custom_states(component=component)
    evaluators = evaluation.space_evaluators(space=space)
    filter_form = _filter_form(request, states, evaluators)
    data = filter_form.cleaned_or_empty() if request.GET else {}
    queryset = admin_selectors.filtered(
        admin_selectors.backoffice_proposals(component, user, space), data
    )
    page = Paginator(admin_selectors.for_list(queryset), PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "proposals/admin/index.html",
        _context(
            request,
            filter_form=filter_form,
            page_obj=page,
            query=params.urlencode(),
            states=states,
            state_choices=answers.state_choices(component=component, states=states),
            evaluators=evaluators,
            categories=list(space_categories(component.space)),
            scopes=list(organization_scopes(component.organization_id)),
        ),
    )


def _selection(request) -> list[str]:
    return request.POST.getlist("proposals") or request.GET.getlist("proposals")


@require_http_methods(["POST"])
def bulk_action(request):
    component, space = request.component, request.space
    if not can_manage(user=request.user, space=space):
        return _forbidden(request)
    action = request.POST.get("action", "")
    value = None
    if action in ("category", "scope"):
        raw = request.POST.get(action, "")
        value = int(raw) if raw.isdigit() else None
    elif action in ("assign", "unassign"):
        raw = request.POST.get("evaluator", "")
        value = next(
            (u for u in evaluation.space_evaluators(space=space) if str(u.pk) == raw), None
        )
    elif action == "answer":
        value = request.POST.get("state", "")
    try:
        count = bulk.bulk_action(
            actor=request.user,
            component=component,
            proposal_ids=_selection(request),
            action=action,
            value=value,
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            ngettext("%(count)d proposal changed.", "%(count)d proposals changed.", count)
            % {"count": count},
        )
    back = component.admin_url("index")
    query = request.POST.get("query", "")
    return redirect(f"{back}?{query}" if query else back)


# --- One proposal ----------------------------------------------------------------------------


def _proposal(request, pk: int) -> Proposal:
    """The proposal if this person may see it here; 404 elsewhere, 403 when not theirs."""
    proposal = admin_selectors.backoffice_proposal(request.component, pk)
    if proposal is None:
        raise Http404
    proposal.component = request.component
    return proposal


def _readable(request, proposal) -> bool:
    from proposals.permissions import sees_every_proposal

    return sees_every_proposal(user=request.user, space=request.space) or can_evaluate(
        user=request.user, proposal=proposal, space=request.space
    )


def _detail(request, proposal, *, answer_form=None, note_form=None, status=200):
    component, space, user = request.component, request.space, request.user
    states = answers.custom_states(component=component)
    answer = admin_selectors.answer_of(proposal)
    immediate = component.typed_settings.publish_answers_immediately
    if answer_form is None:
        initial = {}
        if answer is not None:
            initial = {
                "state": f"custom-{answer.custom_state_id}"
                if answer.custom_state_id
                else answer.state,
                "text": answer.text,
                "cost": answer.cost,
                "cost_report": answer.cost_report,
                "execution_period": answer.execution_period,
            }
        answer_form = AnswerForm(
            initial=initial, component=component, states=states, immediate=immediate
        )
    manager = can_manage(user=user, space=space)
    evaluators = evaluation.space_evaluators(space=space) if manager else []
    assigned = {a.evaluator_id for a in proposal.evaluator_assignments.all()}
    return render(
        request,
        "proposals/admin/detail.html",
        _context(
            request,
            proposal=proposal,
            answer=answer,
            answer_form=answer_form,
            can_answer=can_evaluate(user=user, proposal=proposal, space=space),
            immediate=immediate,
            notes=evaluation.notes_for(user=user, proposal=proposal, space=space),
            can_note=can_read_notes(user=user, proposal=proposal, space=space),
            note_form=note_form or NoteForm(),
            evaluator_form=EvaluatorForm(
                evaluators=[e for e in evaluators if e.pk not in assigned]
            ),
            links=merging.links_of(proposal=proposal),
            costs=component.typed_settings.answers_with_costs,
        ),
        status=status,
    )


@require_GET
def detail(request, pk: int):
    proposal = _proposal(request, pk)
    if not _readable(request, proposal):
        return _forbidden(request)
    return _detail(request, proposal)


@require_http_methods(["POST"])
def answer(request, pk: int):
    proposal = _proposal(request, pk)
    component = request.component
    if not can_evaluate(user=request.user, proposal=proposal, space=request.space):
        return _forbidden(request)
    states = answers.custom_states(component=component)
    immediate = component.typed_settings.publish_answers_immediately
    form = AnswerForm(request.POST, component=component, states=states, immediate=immediate)
    if form.is_valid():
        data = form.cleaned_data
        try:
            state, custom_state = answers.parse_state(component=component, value=data["state"])
            answer = answers.answer_proposal(
                actor=request.user,
                proposal=proposal,
                state=state,
                custom_state=custom_state,
                text=data["text"],
                cost=data["cost"],
                cost_report=data["cost_report"],
                execution_period=data["execution_period"],
                publish=True if immediate else data.get("publish", False),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The answer is published.")
                if answer.is_published
                else _("The answer is saved; it is not published yet."),
            )
            return redirect(component.admin_url("detail", pk=proposal.pk))
    return _detail(request, proposal, answer_form=form, status=400)


@require_http_methods(["POST"])
def publish_answer(request, pk: int):
    proposal = _proposal(request, pk)
    if not can_evaluate(user=request.user, proposal=proposal, space=request.space):
        return _forbidden(request)
    try:
        answers.publish_answer(actor=request.user, proposal=proposal)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("The answer is published."))
    return redirect(request.component.admin_url("detail", pk=proposal.pk))


@require_http_methods(["POST"])
def add_note(request, pk: int):
    proposal = _proposal(request, pk)
    if not can_read_notes(user=request.user, proposal=proposal, space=request.space):
        return _forbidden(request)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            evaluation.add_note(
                actor=request.user, proposal=proposal, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The note is saved."))
            return redirect(request.component.admin_url("detail", pk=proposal.pk))
    return _detail(request, proposal, note_form=form, status=400)


@require_http_methods(["POST"])
def evaluators(request, pk: int):
    proposal = _proposal(request, pk)
    if not can_manage(user=request.user, space=request.space):
        return _forbidden(request)
    action = "unassign" if request.POST.get("action") == "unassign" else "assign"
    raw = request.POST.get("evaluator", "")
    evaluator = next(
        (u for u in evaluation.space_evaluators(space=request.space) if str(u.pk) == raw), None
    )
    try:
        count = bulk.bulk_action(
            actor=request.user,
            component=request.component,
            proposal_ids=[proposal.pk],
            action=action,
            value=evaluator,
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        if action == "assign":
            done = _("The evaluator is assigned.") if count else _("Already assigned.")
        else:
            done = _("The evaluator is unassigned.") if count else _("Was not assigned.")
        messages.success(request, done)
    return redirect(request.component.admin_url("detail", pk=proposal.pk))


@require_http_methods(["GET", "POST"])
def hide(request, pk: int):
    proposal = _proposal(request, pk)
    if not can_manage(user=request.user, space=request.space):
        return _forbidden(request)
    if request.method == "POST":
        try:
            hide_item(actor=request.user, item=proposal)
        except ServiceError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("The proposal is hidden: residents no longer see it."))
        return redirect(request.component.admin_url("index"))
    return render(request, "proposals/admin/hide.html", _context(request, proposal=proposal))


@require_http_methods(["GET", "POST"])
def split(request, pk: int):
    proposal = _proposal(request, pk)
    component = request.component
    if not can_manage(user=request.user, space=request.space):
        return _forbidden(request)
    form = SplitForm(
        request.POST or None,
        initial={"title_1": proposal.title, "body_1": proposal.body},
    )
    if request.method == "POST" and form.is_valid():
        try:
            results = merging.split_proposal(
                actor=request.user,
                component=component,
                proposal_id=proposal.pk,
                parts=form.parts(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The proposal is split into %(count)d proposals.") % {"count": len(results)},
            )
            return redirect(component.admin_url("index"))
    return render(
        request,
        "proposals/admin/split.html",
        _context(request, proposal=proposal, form=form),
        status=400 if request.method == "POST" else 200,
    )


# --- Merge and import -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def merge(request):
    component = request.component
    if not can_manage(user=request.user, space=request.space):
        return _forbidden(request)
    ids = [pk for pk in _selection(request) if pk.isdigit()]
    chosen = list(
        Proposal.objects.published()
        .filter(component=component, organization_id=component.organization_id, pk__in=ids)
        .order_by("pk")
    )
    # The list's "Merge" button posts the selection only: show the form, unbound.
    form = MergeForm(request.POST if "confirm" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            merged = merging.merge_proposals(
                actor=request.user,
                component=component,
                proposal_ids=ids,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)d proposals are merged into “%(title)s”.")
                % {"count": len(chosen), "title": merged.title},
            )
            return redirect(component.admin_url("detail", pk=merged.pk))
    return render(
        request,
        "proposals/admin/merge.html",
        _context(request, form=form, chosen=chosen),
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def import_proposals(request):
    component = request.component
    if not can_manage(user=request.user, space=request.space):
        return _forbidden(request)
    sources = merging.import_sources(actor=request.user, component=component)
    form = ImportForm(request.POST or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        source = next(s for s in sources if str(s.pk) == form.cleaned_data["source"])
        try:
            count = merging.import_proposals(
                actor=request.user,
                component=component,
                source=source,
                states=form.cleaned_data["states"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d proposal imported.", "%(count)d proposals imported.", count)
                % {"count": count},
            )
            return redirect(component.admin_url("index"))
    return render(
        request,
        "proposals/admin/import.html",
        _context(request, form=form, sources=sources),
        status=400 if request.method == "POST" else 200,
    )


# --- States -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def states(request):
    component = request.component
    if not can_manage(user=request.user, space=request.space):
        return _forbidden(request)
    form = StateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answers.create_custom_state(
                actor=request.user, component=component, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("State added."))
            return redirect(component.admin_url("states"))
    return render(
        request,
        "proposals/admin/states.html",
        _context(request, form=form, states=answers.custom_states(component=component)),
        status=400 if request.method == "POST" else 200,
    )


def _state(request, pk: int) -> ProposalCustomState:
    return get_object_or_404(
        ProposalCustomState.objects.select_related("component"),
        pk=pk,
        component=request.component,
    )


@require_http_methods(["GET", "POST"])
def state_edit(request, pk: int):
    if not can_manage(user=request.user, space=request.space):
        return _forbidden(request)
    state = _state(request, pk)
    state.component = request.component
    initial = answers._state_fields(state)
    form = StateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            answers.update_custom_state(actor=request.user, state=state, data=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("State saved."))
            return redirect(request.component.admin_url("states"))
    return render(
        request,
        "proposals/admin/state_form.html",
        _context(request, form=form, state=state),
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def state_delete(request, pk: int):
    if not can_manage(user=request.user, space=request.space):
        return _forbidden(request)
    state = _state(request, pk)
    state.component = request.component
    if request.method == "POST":
        try:
            answers.delete_custom_state(actor=request.user, state=state)
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("State deleted."))
        return redirect(request.component.admin_url("states"))
    return render(request, "proposals/admin/state_delete.html", _context(request, state=state))
