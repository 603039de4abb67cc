"""Organisation-wide lists that sort spaces: areas, process groups and types."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.backoffice.access import backoffice_required
from participation.backoffice.registry import is_org_admin
from participation.models import Scope
from spaces import services
from spaces.admin_forms import taxonomy_form_class
from spaces.admin_views.access import form_status, run_service
from spaces.models import AssemblyType, ProcessGroup, ProcessType


@dataclass(frozen=True)
class Taxonomy:
    key: str
    model: type
    label: Promise
    intro: Promise


TAXONOMIES: dict[str, Taxonomy] = {
    t.key: t
    for t in (
        Taxonomy(
            "areas",
            Scope,
            gettext_lazy("Areas"),
            gettext_lazy(
                "Neighbourhoods or themes; visitors filter concertations and assemblies by them."
            ),
        ),
        Taxonomy(
            "process-groups",
            ProcessGroup,
            gettext_lazy("Process groups"),
            gettext_lazy("Concertations presented together, e.g. every participatory budget."),
        ),
        Taxonomy(
            "process-types",
            ProcessType,
            gettext_lazy("Types of concertation"),
            gettext_lazy("E.g. urban planning, budget, consultation; visitors filter by them."),
        ),
        Taxonomy(
            "assembly-types",
            AssemblyType,
            gettext_lazy("Types of assembly"),
            gettext_lazy("E.g. neighbourhood council, working group; visitors filter by them."),
        ),
    )
}


class TaxonomyConverter:
    regex = "|".join(TAXONOMIES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def _taxonomy(kind: str) -> Taxonomy:
    if kind not in TAXONOMIES:
        raise Http404
    return TAXONOMIES[kind]


def _items(request, taxonomy: Taxonomy):
    queryset = taxonomy.model.objects.filter(organization=request.organization)
    if taxonomy.model is Scope:
        queryset = queryset.select_related("parent")
    return queryset


@backoffice_required(is_org_admin)
def taxonomy_list(request, kind: str):
    taxonomy = _taxonomy(kind)
    form_class = taxonomy_form_class(taxonomy.model)
    form = form_class(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():

        def call():
            services.create_taxonomy_item(
                actor=request.user,
                organization=request.organization,
                model=taxonomy.model,
                data=form.cleaned_data,
            )

        if run_service(request, form, call, _("Added.")):
            return redirect("spaces_backoffice:taxonomy", kind)
    return render(
        request,
        "backoffice/spaces/taxonomy_list.html",
        {"taxonomy": taxonomy, "items": list(_items(request, taxonomy)), "form": form},
        status=form_status(request, form),
    )


@backoffice_required(is_org_admin)
def taxonomy_edit(request, kind: str, pk: int):
    taxonomy = _taxonomy(kind)
    item = get_object_or_404(_items(request, taxonomy), pk=pk)
    form = taxonomy_form_class(taxonomy.model)(
        request.POST or None, instance=item, organization=request.organization
    )
    if request.method == "POST" and form.is_valid():

        def call():
            services.update_taxonomy_item(actor=request.user, item=item, data=form.cleaned_data)

        if run_service(request, form, call, _("Your changes are saved.")):
            return redirect("spaces_backoffice:taxonomy", kind)
    return render(
        request,
        "backoffice/spaces/taxonomy_form.html",
        {"taxonomy": taxonomy, "item": item, "form": form},
        status=form_status(request, form),
    )


@backoffice_required(is_org_admin)
def taxonomy_delete(request, kind: str, pk: int):
    taxonomy = _taxonomy(kind)
    item = get_object_or_404(_items(request, taxonomy), pk=pk)
    if request.method == "POST" and run_service(
        request,
        None,
        lambda: services.delete_taxonomy_item(actor=request.user, item=item),
        _("Deleted."),
    ):
        return redirect("spaces_backoffice:taxonomy", kind)
    return render(
        request,
        "backoffice/spaces/taxonomy_delete.html",
        {"taxonomy": taxonomy, "item": item},
    )
