from tests.factories import make_user

ARGUMENTS = {
    f"admin/participants/<int:user_id>/{suffix}": (
        lambda organization, suffix=suffix: (
            f"/admin/participants/{make_user(organization).pk}/{suffix}"
        )
    )
    for suffix in ("", "block/", "unblock/", "promote/", "demote/")
}
