from spaces.models import ParticipatoryProcess


def _space(organization) -> str:
    process, _ = ParticipatoryProcess.objects.get_or_create(
        organization=organization, slug="metrics-walk", defaults={"title": "Mesures"}
    )
    return f"/admin/metrics/processes/{process.slug}/"


ARGUMENTS = {"admin/metrics/<spacetype:space_type>/<slug:slug>/": _space}
