from participation.models import Category, Scope
from spaces.models import ParticipatoryProcess
from tests.factories import StepFactory, get_or_create_process


def _process(organization) -> ParticipatoryProcess:
    process = get_or_create_process(organization, "walk", "Walked")
    return process


def _space_path(suffix: str = ""):
    return lambda organization: f"/admin/spaces/processes/{_process(organization).slug}/{suffix}"


def _step(organization) -> int:
    return StepFactory(process=_process(organization), title="Step").pk


def _category(organization) -> int:
    process = _process(organization)
    return Category.objects.create(
        organization=organization,
        space=process,
        name="Mobilité",
    ).pk


def _scope(organization) -> int:
    return Scope.objects.create(organization=organization, title="Centre").pk


SPACE = "admin/spaces/<spacetype:space_type>/<slug:slug>/"
STEPS = "admin/spaces/processes/<slug:slug>/steps/"
TAXONOMY = "admin/spaces/settings/<taxonomy:kind>/"

ARGUMENTS = {
    "admin/spaces/<spacetype:space_type>/new/": lambda o: "/admin/spaces/assemblies/new/",
    SPACE: _space_path(),
    SPACE + "publication/": _space_path("publication/"),
    SPACE + "delete/": _space_path("delete/"),
    SPACE + "preview/": _space_path("preview/"),
    SPACE + "categories/": _space_path("categories/"),
    SPACE + "categories/<int:pk>/": lambda o: _space_path(f"categories/{_category(o)}/")(o),
    SPACE + "categories/<int:pk>/delete/": lambda o: _space_path(
        f"categories/{_category(o)}/delete/"
    )(o),
    SPACE + "members/": _space_path("members/"),
    SPACE + "roles/": _space_path("roles/"),
    STEPS: _space_path("steps/"),
    STEPS + "<int:pk>/": lambda o: _space_path(f"steps/{_step(o)}/")(o),
    STEPS + "<int:pk>/delete/": lambda o: _space_path(f"steps/{_step(o)}/delete/")(o),
    TAXONOMY: lambda o: "/admin/spaces/settings/areas/",
    TAXONOMY + "<int:pk>/": lambda o: f"/admin/spaces/settings/areas/{_scope(o)}/",
    TAXONOMY + "<int:pk>/delete/": lambda o: f"/admin/spaces/settings/areas/{_scope(o)}/delete/",
}
