from functools import wraps
from urllib.parse import quote

from django.shortcuts import redirect, render
from django.urls import reverse

from participation.accounts.middleware import second_factor_setup_response
from participation.backoffice.registry import may_enter


def backoffice_required(check=None):
    """Let in people who may enter the back-office, and pass ``check(user, organization)`` too.

    Anonymous visitors are sent to sign in; others get a 403 page.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user, organization = request.user, request.organization
            if not user.is_authenticated:
                login = reverse("participation:login")
                return redirect(f"{login}?next={quote(request.get_full_path())}")
            allowed = may_enter(user, organization) and (check is None or check(user, organization))
            if not allowed:
                return render(request, "errors/403.html", status=403)
            # Also checked by AccountPolicyMiddleware on /admin/: whatever the path.
            setup = second_factor_setup_response(request, user)
            if setup is not None:
                return setup
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
