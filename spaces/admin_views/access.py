"""Finding the space a back-office page is about, and who may read or change it.

Every lookup goes through the request's organisation: another organisation's
space is a 404, whoever asks. Role holders may read; POST needs the right to
manage the space (collaborators, moderators and evaluators are read-only here).
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from participation.backoffice.access import backoffice_required
from participation.errors import ErrorCode, ServiceError
from spaces.permissions import can_manage_space, can_read_space_backoffice
from spaces.types import SPACE_TYPES


class SpaceTypeConverter:
    """URL segment naming one registered space type, nothing else."""

    regex = "|".join(SPACE_TYPES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def get_space(request, space_type: str, slug: str):
    kind = SPACE_TYPES.get(space_type)
    if kind is None:
        raise Http404
    return kind, get_object_or_404(kind.model.objects.of(request.organization), slug=slug)


def space_page(view=None, *, org_admin_only: bool = False, only_types: tuple[str, ...] = ()):
    """Decorate a page of one space: ``view(request, space, space_type, **kwargs)``."""

    def decorator(view):
        @backoffice_required()
        @wraps(view)
        def wrapper(request, space_type: str, slug: str, **kwargs):
            if only_types and space_type not in only_types:
                raise Http404
            kind, space = get_space(request, space_type, slug)
            user = request.user
            allowed = (
                user.is_admin_of(request.organization)
                if org_admin_only
                else can_read_space_backoffice(user, space)
            )
            if not allowed or (request.method == "POST" and not can_manage_space(user, space)):
                return render(request, "errors/403.html", status=403)
            request.space_type = kind
            return view(request, space, kind, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


def run_service(request, form, call, success: str | None = None) -> bool:
    """Run ``call()``; on a refusal put its message on ``form`` (or in messages) and say False."""
    try:
        call()
    except ServiceError as error:
        if error.error_code == ErrorCode.PERMISSION_DENIED:
            raise PermissionDenied from error
        if form is None:
            for message in error.messages:
                messages.error(request, message)
        elif hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    if success:
        messages.success(request, success)
    return True


def form_status(request, form) -> int:
    """400 for a POST that did not go through, so tests and tools see the refusal."""
    return 400 if request.method == "POST" and form is not None and form.errors else 200
