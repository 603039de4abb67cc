from participation.notifications.models import Newsletter


def _newsletter(organization) -> int:
    return Newsletter.objects.create(organization=organization, title="Lettre", body="<p>x</p>").pk


ARGUMENTS = {
    f"admin/newsletters/<int:pk>/{suffix}": (
        lambda organization, suffix=suffix: (
            f"/admin/newsletters/{_newsletter(organization)}/{suffix}"
        )
    )
    for suffix in ("", "edit/", "test/", "send/")
}
