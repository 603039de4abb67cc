"""Budget projects in the generic apps: comments (when the step enables them)."""

from participation.comments.registry import register_commentable
from participation.components.media import component_visible
from participation.media import register_media


def _component(project):
    return project.budget.component


def _url(project) -> str:
    return project.get_absolute_url()


def register() -> None:
    from budgets.models import Project

    register_commentable(
        Project,
        component=_component,
        permalink=_url,
        organization_lookup="organization_id",
    )
    from budgets.models import ProjectAttachment

    register_media(
        ProjectAttachment,
        "file",
        can_view=lambda request, attachment: component_visible(
            request, attachment.project.budget.component
        ),
        select_related=("project__budget__component",),
        label=lambda attachment: attachment.original_name,
    )
