from collections.abc import Callable

from tests.factories import ComponentFactory, get_or_create_process


def _process_with_blog(organization):

    process = get_or_create_process(organization, "walked", "Walked")
    component = ComponentFactory(space=process, manifest_name="blogs", name="Blog")
    return process, component


def _component_path(suffix: str) -> Callable:
    def build(organization) -> str:
        _process, component = _process_with_blog(organization)
        return f"/admin/spaces/processes/walked/components/{component.pk}/{suffix}"

    return build


_COMPONENTS = "admin/spaces/<spacetype:space_type>/<slug:slug>/components/"
ARGUMENTS = {
    _COMPONENTS: lambda o: _process_with_blog(o) and "/admin/spaces/processes/walked/components/",
    _COMPONENTS + "add/": lambda o: (
        _process_with_blog(o) and "/admin/spaces/processes/walked/components/add/"
    ),
    _COMPONENTS + "order/": lambda o: (
        _process_with_blog(o) and "/admin/spaces/processes/walked/components/order/"
    ),
    _COMPONENTS + "<int:component_id>/": _component_path(""),
    _COMPONENTS + "<int:component_id>/publish/": _component_path("publish/"),
    _COMPONENTS + "<int:component_id>/unpublish/": _component_path("unpublish/"),
    _COMPONENTS + "<int:component_id>/delete/": _component_path("delete/"),
    _COMPONENTS + "<int:component_id>/exports/<slug:name>.csv": _component_path(
        "exports/posts.csv"
    ),
    _COMPONENTS + "<int:component_id>/manage/": _component_path("manage/"),
    _COMPONENTS + "<int:component_id>/manage/<path:rest>": _component_path("manage/new/"),
}
