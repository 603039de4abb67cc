"""Hostile files through the service (or form) of every upload field: stored under the
detected type's extension, or refused with a clear message and NOTHING written."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.functional import empty

from blogs import services as blogs
from budgets.services import budgets as budget_services
from pages import services as pages
from participation.accounts.services import update_profile
from participation.models import Organization
from participation.verifications import services as verifications
from participation.verifications.storage import private_storage
from proposals import services as proposals
from spaces.services import update_space
from spaces.services.blocks import add_attachment, create_block, create_home_block
from tests.conftest import system_client
from tests.factories import (
    AssemblyFactory,
    configure_proposals,
    make_component,
    make_operator,
    make_user,
)
from tests.participation.test_system_console import form_data
from tests.polyglots import FORBIDDEN_EXTENSIONS, HOSTILE, STORED_AS

IMAGES = {"gif_js", "gif_html"}  # accepted by image fields, as GIF
DOCUMENTS = IMAGES | {"pdf_html"}  # accepted by document fields


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VERIFICATIONS_PRIVATE_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield tmp_path
    private_storage._wrapped = empty


def _written(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def _component(admin, process, manifest):
    component = make_component(process, manifest, actor=admin, name="C", published=True)
    component.refresh_from_db()
    return component


def _avatar(organization, admin, process, upload):
    user = make_user(organization)
    return update_profile(actor=user, user=user, name="A", nickname="a-b", avatar=upload).avatar


def _hero(organization, admin, process, upload):
    assembly = AssemblyFactory(organization=organization, slug="a", title="A")
    return update_space(actor=admin, space=assembly, data={"hero_image": upload}).hero_image


def _block_image(organization, admin, process, upload):
    data = {"alt": "Plan", "caption": ""}
    return create_block(actor=admin, space=process, kind="image", data=data, image=upload).image


def _home_image(organization, admin, process, upload):
    data = {"title": "Bienvenue", "text": "", "alt": "Plan"}
    return create_home_block(
        actor=admin, organization=organization, kind="hero", data=data, image=upload
    ).image


def _space_file(organization, admin, process, upload):
    return add_attachment(actor=admin, space=process, upload=upload, title="Plan").file


def _post_image(organization, admin, process, upload):
    component = _component(admin, process, "blogs")
    data = {"title": "Nouvelles", "body": "<p>Texte</p>", "image": upload, "image_alt": "Plan"}
    return blogs.create_post(actor=admin, component=component, data=data).image


def _page_image(organization, admin, process, upload):
    component = _component(admin, process, "pages")
    data = {"title": "Infos", "body": "<p>Texte</p>", "image": upload, "image_alt": "Plan"}
    return pages.create_page(actor=admin, component=component, data=data).image


def _proposal_file(organization, admin, process, upload):
    component = configure_proposals(admin, _component(admin, process, "proposals"), settings={})
    author = make_user(organization)
    draft = proposals.create_draft(
        actor=author, component=component, title="Un plan pour le quartier", body="<p>Voir</p>"
    )
    return proposals.add_attachment(actor=author, proposal=draft, upload=upload).file


def _project_file(organization, admin, process, upload):
    component = _component(admin, process, "budgets")
    budget = budget_services.create_budget(
        actor=admin, component=component, data={"title": "Budget", "total": Decimal(1000)}
    )
    project = budget_services.create_project(
        actor=admin, budget=budget, data={"title": "Bancs", "cost": Decimal(100)}
    )
    return budget_services.add_project_attachment(actor=admin, project=project, upload=upload).file


def _scan(organization, admin, process, upload):
    verifications.set_enabled_methods(
        actor=admin, organization=organization, methods=["id_document"]
    )
    user = make_user(organization)
    return verifications.request_document_verification(
        user=user, document_type="id_card", number="AB123", scan=upload
    ).scan


FIELDS = {
    "avatar": (_avatar, IMAGES),
    "space hero image": (_hero, IMAGES),
    "block image": (_block_image, IMAGES),
    "home block image": (_home_image, IMAGES),
    "space file": (_space_file, DOCUMENTS),
    "blog post image": (_post_image, IMAGES),
    "page image": (_page_image, IMAGES),
    "proposal attachment": (_proposal_file, DOCUMENTS),
    "budget project attachment": (_project_file, DOCUMENTS),
    "identity document scan": (_scan, DOCUMENTS),
}


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize("hostile", sorted(HOSTILE))
def test_hostile_file_on_field(field, hostile, organization, admin, process, media):
    attempt, accepted = FIELDS[field]
    browser_name, build = HOSTILE[hostile]
    upload = SimpleUploadedFile(browser_name, build(), content_type="text/html")
    if hostile in accepted:
        stored = attempt(organization, admin, process, upload)
        extension = stored.name.rsplit(".", 1)[-1]
        assert extension == STORED_AS[hostile]
        assert extension not in FORBIDDEN_EXTENSIONS
        assert _written(media) == [stored.name.rsplit("/", 1)[-1]]
    else:
        with pytest.raises(ValidationError) as caught:
            attempt(organization, admin, process, upload)
        text = " ".join(caught.value.messages)
        assert "accepté" in text or "Envoyez une photo" in text, text
        assert _written(media) == []


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
@pytest.mark.parametrize("field", ["logo", "favicon"])
def test_organisation_logo_and_favicon_in_the_console(field, hostile, db, media):
    """Forms refuse every hostile file here (a GIF named .js or .html too: Django's image
    form field also refuses names that are not images); nothing is written."""
    browser_name, build = HOSTILE[hostile]
    client = system_client(make_operator())
    response = client.post(
        "/system/organizations/new/",
        {**form_data(), field: SimpleUploadedFile(browser_name, build())},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "accepté" in page or "autorisée" in page or "image valide" in page
    assert not Organization.objects.exists()
    assert _written(media) == []


def test_a_polyglot_named_like_an_image_is_stored_as_what_it_is(db, media):
    client = system_client(make_operator())
    polyglot = HOSTILE["gif_html"][1]()
    response = client.post(
        "/system/organizations/new/",
        {**form_data(), "logo": SimpleUploadedFile("logo.png", polyglot)},
    )
    assert response.status_code == 302
    organization = Organization.objects.get()
    assert organization.logo.name.endswith(".gif")  # the detected type, not ".png"
