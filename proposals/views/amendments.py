"""Amendment pages: propose one (with a preview of the changes), read one, answer it.

Thin views over ``proposals.services.amendments`` (the services decide) and
``proposals.selectors.amendments`` (who reads what). Refusals come back as the
page again with the reason: 403 when it is not the person's to do, 400 otherwise.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation.errors import ServiceError
from participation.forms import apply_service_errors
from proposals.diffs import html_diff
from proposals.forms import TextForm
from proposals.selectors import amendments as selectors
from proposals.services import amendments as services
from proposals.services import validate_text
from proposals.views import _context, _visible


class AmendmentForm(TextForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].label = gettext_lazy("Amended title")
        self.fields["body"].label = gettext_lazy("Amended description")


def _proposal(request, pk: int):
    """The proposal, if this component takes amendments and the visitor may read it."""
    if not services.amendments_enabled(component=request.component):
        raise Http404
    proposal = _visible(request, pk)
    proposal.component = request.component
    return proposal


def _amendment(request, pk: int, amendment_id: int):
    proposal = _proposal(request, pk)
    queryset = selectors.visible_amendments(proposal, request.user, space=request.space)
    amendment = get_object_or_404(
        queryset.select_related("amender", "base_version"), pk=amendment_id
    )
    amendment.component = request.component
    amendment.proposal = proposal
    return proposal, amendment


def _refusal(request, proposal) -> str | None:
    """Why ``request.user`` may not amend ``proposal`` (None: they may)."""
    if not services.amendments_enabled(component=request.component):
        return _("Amendments are not enabled here.")
    if proposal.author_id == request.user.pk:
        return _("You cannot amend your own proposal; edit it while you still can.")
    if not services.is_amendable(proposal=proposal):
        return _("Only a published proposal, neither withdrawn nor rejected, can be amended.")
    if not request.component.can(request.user, "amend", space=request.space):
        return _("Amendments cannot be proposed here now.")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def amend(request, pk: int):
    component = request.component
    proposal = _visible(request, pk)
    proposal.component = component
    refusal = _refusal(request, proposal)
    if refusal:
        messages.error(request, refusal)
        return redirect(proposal.get_absolute_url())
    form = AmendmentForm(
        request.POST or None,
        initial={"title": proposal.title, "body": proposal.body},
        component=component,
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if "preview" in request.POST:
                title, body = validate_text(component=component, **form.cleaned_data)
                preview = {
                    "title": title,
                    "body": body,
                    "title_diff": html_diff(proposal.title, title),
                    "body_diff": html_diff(proposal.body, body),
                }
            else:
                amendment = services.create_amendment(
                    actor=request.user, proposal=proposal, **form.cleaned_data
                )
                messages.success(
                    request,
                    _("Your amendment is published; the author of the proposal will answer it."),
                )
                return redirect(amendment.get_absolute_url())
        except ValidationError as error:
            apply_service_errors(form, error)
    failed = request.method == "POST" and bool(form.errors)
    return render(
        request,
        "proposals/amendments/form.html",
        _context(
            request,
            proposal=proposal,
            form=form,
            preview=preview,
            breadcrumb_item=_("Amend"),
        ),
        status=400 if failed else 200,
    )


def _detail(request, proposal, amendment, status: int = 200):
    user = request.user
    space = request.space
    is_author = user.is_authenticated and proposal.author_id == user.pk
    evaluating = amendment.is_evaluating
    votes_enabled = request.component.typed_settings.amendments_votes_enabled
    return render(
        request,
        "proposals/amendments/detail.html",
        _context(
            request,
            proposal=proposal,
            amendment=amendment,
            breadcrumb_item=_("Amendment"),
            can_react=bool(
                is_author
                and evaluating
                and services.is_amendable(proposal=proposal)
                and request.component.can(user, "react_to_amendment", space=space)
            ),
            is_proposal_author=is_author,
            can_withdraw=bool(
                user.is_authenticated and amendment.amender_id == user.pk and evaluating
            ),
            votes_enabled=votes_enabled,
            can_support_amendment=bool(
                votes_enabled
                and evaluating
                and services.can_support(user=user, component=request.component, space=space)
            ),
            my_vote=bool(selectors.voted_by(user, [amendment])),
            **selectors.diff_of(amendment, proposal),
        ),
        status=status,
    )


@require_GET
def amendment_detail(request, pk: int, amendment_id: int):
    proposal, amendment = _amendment(request, pk, amendment_id)
    return _detail(request, proposal, amendment)


def _act(request, pk: int, amendment_id: int, action, success: str):
    proposal, amendment = _amendment(request, pk, amendment_id)
    try:
        action(amendment)
    except ServiceError as error:
        # Refused: the page again with the reason, and nothing changed.
        for message in error.messages:
            messages.error(request, message)
        status = 403 if error.error_code in services.FORBIDDEN else 400
        proposal, amendment = _amendment(request, pk, amendment_id)
        return _detail(request, proposal, amendment, status=status)
    messages.success(request, success)
    if request.POST.get("next") == "proposal":
        return redirect(proposal.get_absolute_url() + "#amendments-title")
    return redirect(amendment.get_absolute_url())


@login_required
@require_POST
def accept(request, pk: int, amendment_id: int):
    return _act(
        request,
        pk,
        amendment_id,
        lambda a: services.accept_amendment(actor=request.user, amendment=a),
        _("The amendment is accepted: its text is now the proposal's."),
    )


@login_required
@require_POST
def reject(request, pk: int, amendment_id: int):
    return _act(
        request,
        pk,
        amendment_id,
        lambda a: services.reject_amendment(actor=request.user, amendment=a),
        _("The amendment is rejected; it stays visible, marked as rejected."),
    )


@login_required
@require_POST
def withdraw(request, pk: int, amendment_id: int):
    return _act(
        request,
        pk,
        amendment_id,
        lambda a: services.withdraw_amendment(actor=request.user, amendment=a),
        _("Your amendment is withdrawn."),
    )


@login_required
@require_POST
def support(request, pk: int, amendment_id: int):
    return _act(
        request,
        pk,
        amendment_id,
        lambda a: services.support_amendment(actor=request.user, amendment=a),
        _("Your support for the amendment is recorded."),
    )


@login_required
@require_POST
def unsupport(request, pk: int, amendment_id: int):
    return _act(
        request,
        pk,
        amendment_id,
        lambda a: services.unsupport_amendment(actor=request.user, amendment=a),
        _("Your support for the amendment is removed."),
    )
