"""Creating accounts outside the sign-up flow: operators and seeded participants."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from participation.errors import ErrorCode, ServiceError
from participation.models import User
from participation.models.users import new_username


@transaction.atomic
def create_operator(*, email: str, password: str) -> User:
    email = User.objects.normalize_email(email.strip())
    if User.objects.filter(organization__isnull=True, email__iexact=email).exists():
        raise ServiceError(_("An operator with this e-mail already exists."), ErrorCode.EMAIL_TAKEN)
    user = User(email=email, username=new_username(), is_superuser=True, is_staff=True)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user
