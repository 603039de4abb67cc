"""The component types' own admin pages (.../manage/{<type>}<route>): blogs, pages, proposals."""

from django.utils import timezone

from tests.factories import (
    ComponentFactory,
    PageFactory,
    PostFactory,
    ProposalFactory,
    get_or_create_process,
)

MANAGE = "admin/spaces/<spacetype:space_type>/<slug:slug>/components/<int:component_id>/manage/"


def _component(organization, manifest_name: str):
    from participation.components.models import Component

    process = get_or_create_process(organization, "walked", "Walked")
    component = Component.objects.filter(
        organization=organization, manifest_name=manifest_name, space_id=process.pk
    ).first()
    if component is None:
        component = ComponentFactory(space=process, manifest_name=manifest_name, name="C")
    return component


def _base(component) -> str:
    return f"/admin/spaces/processes/walked/components/{component.pk}/manage/"


def _blog_post(organization):
    component = _component(organization, "blogs")
    return component, PostFactory(component=component, title="Walked", body="<p>x</p>")


def _page(organization):
    component = _component(organization, "pages")
    return component, PageFactory(component=component, title="Walked", body="<p>x</p>")


def _proposal(organization):
    component = _component(organization, "proposals")
    proposal = ProposalFactory(
        first_version=False,
        component=component,
        author=None,
        title="Une proposition parcourue",
        body="<p>x</p>",
        published_at=timezone.now(),
    )
    return component, proposal


def _state(organization):
    from proposals.models import ProposalCustomState

    component = _component(organization, "proposals")
    state = ProposalCustomState.objects.create(
        organization=organization,
        component=component,
        token="walked",
        name_fr="Parcouru",
        name_en="Walked",
        background_color="#1f5c99",
        text_color="#ffffff",
    )
    return component, state


def _plain(manifest_name: str, suffix: str):
    return lambda organization: _base(_component(organization, manifest_name)) + suffix


def _with(make, suffix: str):
    def build(organization) -> str:
        component, item = make(organization)
        return _base(component) + suffix.format(pk=item.pk)

    return build


ARGUMENTS = {}
for _name, _make in (("blogs", _blog_post), ("pages", _page)):
    ARGUMENTS[MANAGE + f"{{{_name}}}"] = _plain(_name, "")
    ARGUMENTS[MANAGE + f"{{{_name}}}new/"] = _plain(_name, "new/")
    ARGUMENTS[MANAGE + f"{{{_name}}}<int:pk>/"] = _with(_make, "{pk}/")
    ARGUMENTS[MANAGE + f"{{{_name}}}<int:pk>/delete/"] = _with(_make, "{pk}/delete/")

for _suffix in ("", "bulk/", "merge/", "import/", "states/", "states.css"):
    ARGUMENTS[MANAGE + "{proposals}" + _suffix] = _plain("proposals", _suffix)
for _suffix in ("", "answer/", "publish-answer/", "notes/", "evaluators/", "hide/", "split/"):
    ARGUMENTS[MANAGE + "{proposals}<int:pk>/" + _suffix] = _with(_proposal, "{pk}/" + _suffix)
for _suffix in ("", "delete/"):
    ARGUMENTS[MANAGE + "{proposals}states/<int:pk>/" + _suffix] = _with(
        _state, "states/{pk}/" + _suffix
    )
