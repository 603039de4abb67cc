"""Budget projects in the generic apps: comments (when the step enables them), search and
files. Plain declarations and functions: ``budgets.component`` (the manifest) puts them in
front of the core."""

from django.utils.translation import gettext_lazy as _

from budgets.models import Project
from participation.attachments import attachable
from participation.comments.registry import commentable
from participation.components.media import component_visible
from participation.moderation.visibility import attach_spaces, visible_components
from participation.search.registry import Searchable


def _component(project):
    return project.budget.component


def _url(project) -> str:
    return project.get_absolute_url()


def visible_projects(organization, user):
    """Projects this person may read: those of published budgets in a space they see
    (projects have no draft or hidden state)."""
    components = visible_components(organization=organization, user=user)
    return Project.objects.filter(
        organization_id=organization.pk,
        budget__component__in=components.filter(manifest_name="budgets").values("pk"),
    ).select_related("budget__component")


def _prepare(projects) -> None:
    attach_spaces([project.budget.component for project in projects])


COMMENTABLES = (
    commentable(
        Project,
        component=_component,
        permalink=_url,
        organization_lookup="organization_id",
    ),
)
SEARCHABLES = (
    Searchable(
        key="budget_projects",
        label=_("Projects"),
        model=Project,
        component=_component,
        queryset=visible_projects,
        title="title",
        body=("description",),
        url=_url,
        in_space=lambda qs, key, pk: qs.filter(budget__component__space_id=pk),
        prepare=_prepare,
        order=27,
    ),
)
# A project's files: whoever sees the project's budget component.
ATTACHABLES = (
    attachable(
        Project,
        can_view=lambda request, project: component_visible(request, project.budget.component),
        space_id=lambda project: project.budget.component.space_id,
        select_related=("budget__component",),
    ),
)
