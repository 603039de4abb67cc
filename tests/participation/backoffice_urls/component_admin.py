"""The component types' own admin pages (.../manage/{<type>}<route>): blogs, pages, proposals."""

from django.utils import timezone

from spaces.models import ParticipatoryProcess

MANAGE = "admin/spaces/<spacetype:space_type>/<slug:slug>/components/<int:component_id>/manage/"


def _component(organization, manifest_name: str):
    from participation.components.models import Component

    process, _ = ParticipatoryProcess.objects.get_or_create(
        organization=organization, slug="walked", defaults={"title": "Walked"}
    )
    component = Component.objects.filter(
        organization=organization, manifest_name=manifest_name, space_id=process.pk
    ).first()
    if component is None:
        component = Component(organization=organization, manifest_name=manifest_name, name="C")
        component.set_space(process)
        component.save()
    return component


def _base(component) -> str:
    return f"/admin/spaces/processes/walked/components/{component.pk}/manage/"


def _blog_post(organization):
    from blogs.models import Post

    component = _component(organization, "blogs")
    return component, Post.objects.create(component=component, title="Walked", body="<p>x</p>")


def _page(organization):
    from pages.models import Page

    component = _component(organization, "pages")
    return component, Page.objects.create(component=component, title="Walked", body="<p>x</p>")


def _proposal(organization):
    from proposals.models import Proposal

    component = _component(organization, "proposals")
    proposal = Proposal.objects.create(
        organization=organization,
        component=component,
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
