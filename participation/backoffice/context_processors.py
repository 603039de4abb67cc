from functools import partial

from participation.backoffice.registry import may_enter, sections_for


def backoffice(request):
    """The back-office link (computed only if a template asks) and, on its pages, the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {"can_enter_backoffice": partial(may_enter, user, request.organization)}
    if request.path.startswith("/admin/"):
        context["backoffice_sections"] = sections_for(user, request.organization)
    return context
