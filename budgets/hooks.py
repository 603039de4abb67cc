"""Budget projects in the generic apps: comments (when the step enables them)."""

from participation.comments.registry import register_commentable


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
