"""Public proposal pages. The framework has checked the space and the component."""

import hashlib
import json

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation import geocoding
from participation.attachments import images_and_documents
from participation.components.map_points import map_points
from participation.components.order_seed import read_order_seed, remember_order_seed
from participation.forms import apply_service_errors
from participation.taxonomy import organization_scopes, space_categories
from participation.tenancy import organization_url
from proposals import selectors, services
from proposals.component import VOTE_SIMPLE
from proposals.exports import rows, to_csv
from proposals.filters import ProposalFilter
from proposals.forms import DetailsForm, SupportForm, TextForm
from proposals.models import Proposal, SupportValue
from proposals.services.merging import links_of
from spaces.permissions import can_moderate_space

# The visitor's random-order seed lives in a signed cookie, not in the session: an
# anonymous visitor then costs no session row and no session query on every page.
SEED_COOKIE = "proposals_order_seed"


def _context(request, **extra):
    component = request.component
    step = component.active_step_settings(space=request.space)
    settings = component.typed_settings
    user = request.user
    return {
        "space": request.space,
        "space_type": request.space_type,
        "component": component,
        "settings": settings,
        "step_settings": step,
        "counts_hidden": step.supports_hidden,
        "for_against": settings.vote_kind != VOTE_SIMPLE,
        "can_create": component.can(user, "create", space=request.space),
        "can_support": component.can(user, "support", space=request.space)
        and not step.supports_blocked,
        "supports_frozen": step.supports_blocked,
        "can_comment": component.can(user, "comment", space=request.space),
        "tiles_url": django_settings.LEAFLET_TILES_URL,
        **extra,
    }


def _filtered(request):
    component = request.component
    proposal_filter = ProposalFilter(
        request.GET,
        queryset=selectors.visible_proposals(component),
        categories=space_categories(component.space),
        scopes=organization_scopes(component.organization_id),
        user=request.user,
        component=component,
    )
    # An invalid value (an unknown category, a bad state) is dropped, never echoed.
    queryset = proposal_filter.qs if proposal_filter.is_valid() else proposal_filter.queryset
    return proposal_filter, queryset


FILTER_FIELDS_CACHE_SECONDS = 600


def _filter_fields(proposal_filter, component, version: str) -> str:
    """The filter form's fields as HTML. Rendering seven fields through Django's form
    templates costs more than the rest of the listing, and the result depends only on
    the submitted values, the component's category and area lists and the language:
    kept in the cache under those values and the organisation's listing version, which
    the services changing a category, an area or a custom state retire: ``version``."""
    form = proposal_filter.form
    state = (
        component.pk,
        version,
        translation.get_language(),
        [(name, form[name].value(), str(form.fields[name].label)) for name in form.fields],
        form.errors.get_json_data() if form.is_bound else {},
    )
    key = "proposals:filters:" + hashlib.sha256(repr(state).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render_to_string("proposals/_filter_fields.html", {"form": form})
        cache.set(key, html, FILTER_FIELDS_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output


def _per_page(request) -> int:
    try:
        value = int(request.GET.get("per_page", ""))
    except ValueError:
        return request.component.typed_settings.proposals_per_page
    return (
        value
        if value in selectors.PER_PAGE_CHOICES
        else (request.component.typed_settings.proposals_per_page)
    )


def _order(request) -> str:
    order = request.GET.get("order", "")
    if (
        order == "most_supported"
        and request.component.active_step_settings(space=request.space).supports_hidden
    ):
        # Ordering by supports would reveal the hidden counts.
        return selectors.DEFAULT_ORDER
    return order if order in selectors.ORDERINGS else selectors.DEFAULT_ORDER


def _query_without(request, *names) -> str:
    """The allow-listed filter parameters of this request, for pagination links."""
    allowed = {
        "q",
        "category",
        "scope",
        "state",
        "author",
        "mine",
        "location",
        "amendments",
        "order",
        "per_page",
        "view",
    }
    params = request.GET.copy()
    for key in list(params):
        if key not in allowed or key in names:
            del params[key]
    if "order" in params and params["order"] not in selectors.ORDERINGS:
        del params["order"]
    if "per_page" in params and params["per_page"] not in {
        str(n) for n in selectors.PER_PAGE_CHOICES
    }:
        del params["per_page"]
    if "view" in params and params["view"] not in ("list", "map"):
        del params["view"]
    return params.urlencode()


@require_GET
def index(request):
    component = request.component
    proposal_filter, queryset = _filtered(request)
    order = _order(request)
    view = "map" if request.GET.get("view") == "map" else "list"
    page = None
    seed, new_seed = read_order_seed(request, SEED_COOKIE)
    per_page = _per_page(request)
    # Totals and the filter form are cached under it: read once for both.
    version = selectors.listing_version(component.organization_id)
    if view == "list":
        listing = selectors.ordered(selectors.for_listing(queryset, request.user), order, seed)
        paginator = selectors.CachedCountPaginator(
            listing,
            per_page,
            count_queryset=queryset,
            organization_id=component.organization_id,
            version=version,
        )
        page = paginator.get_page(request.GET.get("page"))
        # The detail link of each card without reversing URLs twenty to a hundred times;
        # the visitor's own support came with each row (``my_support``, signed in).
        detail_url = component.url("detail", pk=0).removesuffix("0/")
        for proposal in page.object_list:
            proposal.my_support = getattr(proposal, "my_support", None)
            proposal.page_url = f"{detail_url}{proposal.pk}/"
    chosen_category = None
    if proposal_filter.is_valid():
        chosen_category = proposal_filter.form.cleaned_data.get("category")
    response = render(
        request,
        "proposals/index.html",
        _context(
            request,
            filter=proposal_filter,
            chosen_category=chosen_category,
            filter_fields=_filter_fields(proposal_filter, component, version),
            page_obj=page,
            order=order,
            orderings=[
                ("random", _("Random")),
                ("recent", _("Most recent")),
                ("most_supported", _("Most supported")),
                ("most_commented", _("Most commented")),
                ("most_followed", _("Most followed")),
            ],
            per_page=per_page,
            per_page_choices=selectors.PER_PAGE_CHOICES,
            view=view,
            query=_query_without(request, "page"),
            query_no_view=_query_without(request, "page", "view"),
            map_url=component.url("map_data") + "?" + _query_without(request, "page", "view"),
            export_query=_query_without(request, "page", "view", "order", "per_page"),
        ),
    )
    if new_seed:
        remember_order_seed(response, SEED_COOKIE, seed)
    return response


@require_GET
def map_data(request):
    _filter, queryset = _filtered(request)
    points = map_points(queryset)
    component = request.component
    base = component.url("index")
    for point in points:
        point["url"] = f"{base}proposals/{point['id']}/"
    return JsonResponse({"points": points})


@require_GET
def export(request, fmt: str):
    component = request.component
    _filter, queryset = _filtered(request)
    hide = component.active_step_settings(space=request.space).supports_hidden
    data = rows(queryset, component=component, hide_counts=hide)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(list(data), ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="proposals.json"'
        return response
    response = HttpResponse(to_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="proposals.csv"'
    return response


def _visible(request, pk):
    queryset = selectors.visible_proposals(request.component).select_related(
        "author", "category", "scope"
    )
    return get_object_or_404(queryset, pk=pk)


@require_GET
def detail(request, pk: int):
    proposal = selectors.proposal_for_page(
        request.component,
        pk,
        request.user,
        supports_given=bool(request.component.typed_settings.minimum_supports),
    )
    if proposal is None:
        raise Http404
    hidden = proposal.moderation_hidden
    # Hidden by moderation: gone for residents; its moderators still read it, with a notice.
    if hidden and not can_moderate_space(request.user, request.space):
        raise Http404
    return _detail_response(request, proposal, hidden=hidden)


def _detail_response(request, proposal, status: int = 200, hidden: bool = False):
    proposal.component = request.component
    images, documents = images_and_documents(proposal.attachments.all())
    settings = request.component.typed_settings
    threshold = settings.threshold
    # Loaded with the proposal for the page (``proposal_for_page``), else asked here.
    if hasattr(proposal, "my_support"):
        my_support = proposal.my_support
    else:
        my_support = selectors.supported_by(request.user, [proposal]).get(proposal.pk)
    supports_given = None
    if settings.minimum_supports:
        supports_given = getattr(proposal, "my_supports_given", None)
        if supports_given is None:
            supports_given = selectors.supports_given(request.user, request.component)
    return render(
        request,
        "proposals/detail.html",
        _context(
            request,
            proposal=proposal,
            breadcrumb_item=proposal.title,
            images=images,
            documents=documents,
            my_support=my_support,
            supports_given=supports_given,
            support_values=SupportValue.choices,
            threshold=threshold,
            progress=min(100, proposal.supports_count * 100 // threshold) if threshold else None,
            can_edit=services.can_edit(user=request.user, proposal=proposal),
            is_author=request.user.is_authenticated and proposal.author_id == request.user.pk,
            # On the organisation's configured host, never the Host header's (or port).
            permalink=organization_url(request.organization, proposal.get_absolute_url()),
            hidden=hidden,
            # The official answer and the merge/split/import links (proposals.services.merging).
            answer=getattr(proposal, "answer", None),
            links=links_of(proposal=proposal),
        ),
        status=status,
    )


@require_GET
def history(request, pk: int):
    proposal = _visible(request, pk)
    return render(
        request,
        "proposals/history.html",
        _context(
            request,
            proposal=proposal,
            breadcrumb_item=proposal.title,
            versions=selectors.versions_with_diffs(proposal),
        ),
    )


# --- Creation wizard ----------------------------------------------------------------------------


def _error_messages(error: ValidationError) -> list[str]:
    return error.messages


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    component = request.component
    if not component.can(request.user, "create", space=request.space):
        messages.error(request, _("Proposals cannot be created here now."))
        return redirect(component.url("index"))
    form = TextForm(request.POST or None, component=component)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.create_draft(
                actor=request.user, component=component, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(component.url("similar", pk=draft.pk))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "proposals/wizard_text.html",
        _context(request, form=form, step=1, breadcrumb_item=_("New proposal")),
        status=status,
    )


def _draft(request, pk):
    return get_object_or_404(
        Proposal.objects.drafts().select_related("category", "scope"),
        pk=pk,
        component=request.component,
        author=request.user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_draft_text(request, pk: int):
    draft = _draft(request, pk)
    draft.component = request.component
    form = TextForm(
        request.POST or None,
        initial={"title": draft.title, "body": draft.body},
        component=request.component,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(actor=request.user, proposal=draft, data=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(request.component.url("similar", pk=draft.pk))
    return render(
        request,
        "proposals/wizard_text.html",
        _context(request, form=form, step=1, draft=draft, breadcrumb_item=_("New proposal")),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def similar(request, pk: int):
    draft = _draft(request, pk)
    found = selectors.similar_proposals(
        request.component, title=draft.title, body=draft.body, exclude_id=draft.pk
    )
    return render(
        request,
        "proposals/wizard_similar.html",
        _context(request, draft=draft, similar=found, step=2, breadcrumb_item=_("New proposal")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def details(request, pk: int):
    component = request.component
    draft = _draft(request, pk)
    draft.component = component
    settings = component.typed_settings
    form = DetailsForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "category": draft.category_id,
            "scope": draft.scope_id,
            "address": draft.address,
            "latitude": draft.latitude,
            "longitude": draft.longitude,
        },
        categories=space_categories(component.space),
        scopes=organization_scopes(component.organization_id),
        geolocation=settings.geolocation_enabled,
        attachments=settings.attachments_allowed,
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data.get(name)
            for name in ("category", "scope", "address", "latitude", "longitude")
        }
        point_moved = (data["latitude"], data["longitude"]) != (draft.latitude, draft.longitude)
        address_changed = data["address"] != draft.address
        if settings.geolocation_enabled and address_changed and not point_moved:
            # A new address, the map untouched: the place follows the address (none if
            # the address was removed), rather than staying where the old one was.
            data["latitude"] = data["longitude"] = None
        if settings.geolocation_enabled:
            geocoding.fill_missing_point(data)
        try:
            services.update_draft(actor=request.user, proposal=draft, data=data)
            upload = form.cleaned_data.get("attachment")
            if upload:
                services.add_attachment(
                    actor=request.user,
                    proposal=draft,
                    upload=upload,
                    description=form.cleaned_data.get("attachment_description", ""),
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if "add_another" in request.POST:
                messages.success(request, _("The file is attached."))
                return redirect(component.url("details", pk=draft.pk))
            return redirect(component.url("preview", pk=draft.pk))
    return render(
        request,
        "proposals/wizard_details.html",
        _context(
            request,
            form=form,
            draft=draft,
            attachments=list(draft.attachments.all()),
            step=3,
            breadcrumb_item=_("New proposal"),
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def remove_attachment(request, pk: int, attachment_id: int):
    draft = _draft(request, pk)
    attachment = get_object_or_404(draft.attachments, pk=attachment_id)
    services.remove_attachment(actor=request.user, attachment=attachment)
    messages.success(request, _("The file is removed."))
    return redirect(request.component.url("details", pk=draft.pk))


@login_required
@require_http_methods(["GET", "POST"])
def preview(request, pk: int):
    component = request.component
    draft = _draft(request, pk)
    draft.component = component
    if request.method == "POST":
        try:
            services.publish_proposal(actor=request.user, proposal=draft)
        except ValidationError as error:
            for message in _error_messages(error):
                messages.error(request, message)
            return redirect(component.url("preview", pk=draft.pk))
        messages.success(request, _("Your proposal is published."))
        return redirect(component.url("detail", pk=draft.pk))
    images, documents = images_and_documents(draft.attachments.all())
    return render(
        request,
        "proposals/wizard_preview.html",
        _context(
            request,
            draft=draft,
            images=images,
            documents=documents,
            step=4,
            breadcrumb_item=_("New proposal"),
        ),
    )


@login_required
@require_POST
def discard(request, pk: int):
    draft = _draft(request, pk)
    services.discard_draft(actor=request.user, proposal=draft)
    messages.success(request, _("Your draft is deleted."))
    return redirect(request.component.url("index"))


# --- Author's changes and supports -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    proposal = _visible(request, pk)
    proposal.component = request.component
    if not services.can_edit(user=request.user, proposal=proposal):
        messages.error(request, _("You can no longer edit this proposal."))
        return redirect(proposal.get_absolute_url())
    form = TextForm(
        request.POST or None,
        initial={"title": proposal.title, "body": proposal.body},
        component=request.component,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_proposal(actor=request.user, proposal=proposal, data=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your proposal is updated."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/edit.html",
        _context(request, form=form, proposal=proposal, breadcrumb_item=proposal.title),
        status=400 if request.method == "POST" else 200,
    )


def _act(request, pk: int, action, success: str):
    proposal = _visible(request, pk)
    proposal.component = request.component
    try:
        action(proposal)
    except ValidationError as error:
        # Refused: the page again, with the reason, and nothing changed.
        for message in error.messages:
            messages.error(request, message)
        return _detail_response(request, _visible(request, pk), status=400)
    messages.success(request, success)
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def withdraw(request, pk: int):
    return _act(
        request,
        pk,
        lambda p: services.withdraw_proposal(actor=request.user, proposal=p),
        _("Your proposal is withdrawn; it stays visible, marked as withdrawn."),
    )


@login_required
@require_POST
def support(request, pk: int):
    form = SupportForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown kind of support."), status=400)
    value = form.cleaned_data["value"]
    return _act(
        request,
        pk,
        lambda p: services.support_proposal(actor=request.user, proposal=p, value=value),
        _("Your support is recorded."),
    )


@login_required
@require_POST
def unsupport(request, pk: int):
    return _act(
        request,
        pk,
        lambda p: services.unsupport_proposal(actor=request.user, proposal=p),
        _("Your support is removed."),
    )
