from participation.models import Attachment
from spaces.models import ContentBlock, HomeBlock
from tests.factories import make_attachment
from tests.participation.backoffice_urls.spaces import _process


def _block(organization) -> ContentBlock:
    process = _process(organization)
    return ContentBlock.objects.create(
        organization=organization,
        space=process,
        kind="text",
        data={"body": "<p>Hi</p>"},
    )


def _file(organization) -> Attachment:
    process = _process(organization)
    return make_attachment(process, space=process, title="Doc")


def _space(suffix):
    return lambda organization: f"/admin/spaces/processes/{_process(organization).slug}/{suffix}"


def _home(organization) -> int:
    return HomeBlock.objects.create(organization=organization, kind="text", data={"text": "x"}).pk


ARGUMENTS = {
    "admin/spaces/<spacetype:space_type>/<slug:slug>/blocks/": _space("blocks/"),
    "admin/spaces/<spacetype:space_type>/<slug:slug>/blocks/new/<slug:kind>/": _space(
        "blocks/new/text/"
    ),
    "admin/spaces/<spacetype:space_type>/<slug:slug>/blocks/<int:pk>/": lambda o: _space(
        f"blocks/{_block(o).pk}/"
    )(o),
    "admin/spaces/<spacetype:space_type>/<slug:slug>/blocks/<int:pk>/move/": lambda o: _space(
        f"blocks/{_block(o).pk}/move/"
    )(o),
    "admin/spaces/<spacetype:space_type>/<slug:slug>/blocks/<int:pk>/publish/": lambda o: _space(
        f"blocks/{_block(o).pk}/publish/"
    )(o),
    "admin/spaces/<spacetype:space_type>/<slug:slug>/blocks/<int:pk>/delete/": lambda o: _space(
        f"blocks/{_block(o).pk}/delete/"
    )(o),
    "admin/spaces/<spacetype:space_type>/<slug:slug>/attachments/": _space("attachments/"),
    "admin/spaces/<spacetype:space_type>/<slug:slug>/files/<int:pk>/delete/": lambda o: _space(
        f"files/{_file(o).pk}/delete/"
    )(o),
    "admin/home/new/<slug:kind>/": lambda o: "/admin/home/new/text/",
    "admin/home/<int:pk>/": lambda o: f"/admin/home/{_home(o)}/",
    "admin/home/<int:pk>/move/": lambda o: f"/admin/home/{_home(o)}/move/",
    "admin/home/<int:pk>/enable/": lambda o: f"/admin/home/{_home(o)}/enable/",
    "admin/home/<int:pk>/delete/": lambda o: f"/admin/home/{_home(o)}/delete/",
}
