from participation.models import UserGroup
from participation.services.groups import create_user_group
from tests.factories import make_user


def _group(organization) -> int:
    admin = make_user(organization, admin=True)
    name = f"Comité {UserGroup.objects.count() + 1}"
    return create_user_group(actor=admin, organization=organization, name=name).pk


ARGUMENTS = {
    f"admin/organization/groups/<int:pk>/{suffix}": (
        lambda organization, suffix=suffix: (
            f"/admin/organization/groups/{_group(organization)}/{suffix}"
        )
    )
    for suffix in ("", "edit/", "delete/", "roles/")
}
