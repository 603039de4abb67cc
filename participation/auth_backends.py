"""Sign-in by e-mail within the request's organisation.

The same address may hold accounts in several organisations, so the lookup is
always scoped: to the organisation the host resolved, or — in the operator
console — to operators, who belong to none.

Each signed-in request loads its user once (``get_user``); the same statement
brings the unread notifications count the header shows on every page.
"""

from django.contrib.auth.backends import ModelBackend

from participation.models import User


class OrganizationEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        address = (email or username or "").strip()
        if not address or password is None or request is None:
            return None
        organization = getattr(request, "organization", None)
        users = User.objects.filter(email__iexact=address)
        if request.path.startswith("/system/"):
            users = users.filter(organization__isnull=True, is_superuser=True)
        elif organization is not None:
            users = users.filter(organization=organization)
        else:
            return None
        user = users.first()
        if user is None:
            # Same cost as a real check, so timing does not reveal which addresses exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The session's user, as ModelBackend loads it, with the header's unread
        notifications count (a sub-query of the same statement, not a query of its own)."""
        from participation.notifications.selectors import with_unread_count

        try:
            user = with_unread_count(User._default_manager.all()).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
