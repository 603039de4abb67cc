"""Download my data: content, the archive built by the task, a link only its owner opens."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from participation.action_log import log_action
from participation.errors import ServiceError
from participation.oidc.models import IdentityLink, IdentityProvider
from participation.privacy import exports
from participation.privacy.core_data import export_account, export_verifications
from participation.privacy.errors import PrivacyError
from participation.privacy.models import DataExport, ExportStatus
from participation.privacy.storage import export_storage
from participation.verifications.models import Grant, GrantStatus, PostalLetter
from tests.conftest import host_client
from tests.events.helpers import declared
from tests.factories import make_user
from tests.polyglots import png_bytes

LINK = re.compile(r"https?://[^/\s]+(/privacy/exports/[^/\s]+/)")


@pytest.fixture
def resident_with_avatar(organization):
    user = make_user(organization, email="anne@example.org", name="Anne Martin")
    user.avatar.save("face.png", ContentFile(png_bytes()), save=True)
    return user


def _grant(user, **fields):
    return Grant.objects.create(organization=user.organization, user=user, **fields)


def _link_from_mail() -> str:
    body = mail.outbox[-1].body
    return LINK.search(body).group(1)


def _ask(user, capture):
    with capture(execute=True):
        return exports.request_export(user=user)


# --- exporters -----------------------------------------------------------------------


def test_account_export_holds_own_fields_and_activity_only(organization, resident_with_avatar):
    other = make_user(organization, name="Bob Secret")
    with declared("test.did", "test.about", "test.other"):
        log_action(
            organization=organization,
            actor=resident_with_avatar,
            action="test.did",
            target=organization,
        )
        log_action(
            organization=organization, actor=resident_with_avatar, action="test.about", target=other
        )
        log_action(organization=organization, actor=other, action="test.other", target=organization)
        data = export_account(resident_with_avatar)
    assert data["account"]["email"] == "anne@example.org"
    assert data["account"]["avatar"].endswith(".png")
    actions = [row["action"] for row in data["activity"]]
    assert sorted(actions) == ["test.about", "test.did"]
    # Each entry told in a sentence; the other person's name blanked there too.
    described = {row["action"]: row["description"] for row in data["activity"]}
    assert described["test.did"].endswith(f"did test.did on “{organization.name}”")
    assert described["test.about"].endswith("did test.about on “—”")
    assert "Bob Secret" not in json.dumps(data, default=str)


def test_verification_export_has_grants_without_fingerprints(organization, resident_with_avatar):
    other = make_user(organization)
    grant = _grant(
        resident_with_avatar,
        method="postal_letter",
        status=GrantStatus.PENDING,
        fingerprint="f" * 64,
    )
    PostalLetter.objects.create(
        grant=grant,
        organization=organization,
        full_name="Anne M",
        address="1 rue X",
        code_hash="h" * 64,
        code_to_print="SECRET12",
    )
    _grant(other, method="census", status=GrantStatus.GRANTED, fingerprint="o" * 64)
    rows = export_verifications(resident_with_avatar)
    assert len(rows) == 1
    assert rows[0]["method"] == "postal_letter"
    assert rows[0]["postal_letter"] == {"full_name": "Anne M", "address": "1 rue X"}
    text = json.dumps(rows, default=str)
    assert "f" * 64 not in text and "SECRET12" not in text and "o" * 64 not in text


# --- the task builds the archive and mails the link ------------------------------


def test_task_builds_zip_with_every_section_readme_and_avatar(
    organization, resident_with_avatar, django_capture_on_commit_callbacks
):
    _grant(resident_with_avatar, method="census", status=GrantStatus.GRANTED, fingerprint="x" * 64)
    provider = IdentityProvider.objects.create(
        organization=organization,
        kind="oidc",
        name="SSO",
        slug="sso",
        discovery_url="https://sso.example/.well-known/openid-configuration",
        client_id="c",
        client_secret="s",
    )
    IdentityLink.objects.create(
        organization=organization,
        provider=provider,
        user=resident_with_avatar,
        sub="abc",
        claims={"given_name": "Anne"},
    )
    export = _ask(resident_with_avatar, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert export_storage.exists(export.file.name)
    assert not export.file.name.startswith("/") and "media" not in export.file.path
    with zipfile.ZipFile(export.file.open("rb")) as archive:
        names = set(archive.namelist())
        assert {
            "LISEZMOI-README.txt",
            "account.json",
            "verifications.json",
            "sign-in-providers.json",
        } <= names
        assert any(name.startswith("avatar/") for name in names)
        readme = archive.read("LISEZMOI-README.txt").decode()
        assert "Vos données personnelles" in readme and "Your personal data" in readme
        grants = json.loads(archive.read("verifications.json"))
        assert grants[0]["method"] == "census" and "x" * 64 not in json.dumps(grants)
        links = json.loads(archive.read("sign-in-providers.json"))
        assert links[0]["claims"] == {"given_name": "Anne"}
    assert mail.outbox[-1].to == ["anne@example.org"]
    assert "/privacy/exports/" in mail.outbox[-1].body


def test_one_pending_export_at_a_time(organization, resident_with_avatar):
    exports.request_export(user=resident_with_avatar)  # on_commit not run: stays pending
    with pytest.raises(ServiceError) as error:
        exports.request_export(user=resident_with_avatar)
    assert error.value.error_code == PrivacyError.EXPORT_PENDING
    assert DataExport.objects.filter(user=resident_with_avatar).count() == 1


def test_page_asks_for_the_export(
    organization, resident_with_avatar, django_capture_on_commit_callbacks
):
    client = host_client(organization.host, user=resident_with_avatar)
    page = client.get("/privacy/")
    assert page.status_code == 200
    assert "Votre compte et votre activité" in page.content.decode()  # what is exported
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/privacy/export/")
    assert response.status_code == 302
    assert DataExport.objects.get(user=resident_with_avatar).status == ExportStatus.READY


# --- the link ----------------------------------------------------------------------------


@pytest.fixture
def ready_link(resident_with_avatar, django_capture_on_commit_callbacks):
    _ask(resident_with_avatar, django_capture_on_commit_callbacks)
    return _link_from_mail()


def test_owner_downloads_the_zip_and_it_is_marked(organization, resident_with_avatar, ready_link):
    response = host_client(organization.host, user=resident_with_avatar).get(ready_link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip()
    assert DataExport.objects.get(user=resident_with_avatar).downloaded_at is not None


def test_token_is_random_and_not_the_id(resident_with_avatar, ready_link):
    export = DataExport.objects.get(user=resident_with_avatar)
    token = ready_link.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 40 and token != str(export.pk)
    assert export.token_hash != token  # only the hash is stored


def test_another_user_of_the_same_organisation_gets_404(
    organization, resident_with_avatar, ready_link
):
    intruder = make_user(organization, admin=True)
    assert host_client(organization.host, user=intruder).get(ready_link).status_code == 404


def test_integer_ids_open_nothing(organization, resident_with_avatar, ready_link):
    export = DataExport.objects.get(user=resident_with_avatar)
    client = host_client(organization.host, user=resident_with_avatar)
    assert client.get(f"/privacy/exports/{export.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(organization, ready_link):
    response = host_client(organization.host).get(ready_link)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_the_same_account_on_another_organisation_host_is_refused(
    organization, other_organization, resident_with_avatar, ready_link
):
    response = host_client(other_organization.host, user=resident_with_avatar).get(ready_link)
    assert response.status_code in (302, 404)
    twin = make_user(other_organization, email=resident_with_avatar.email)
    assert host_client(other_organization.host, user=twin).get(ready_link).status_code == 404


def test_expired_link_gets_a_clear_410_page(organization, resident_with_avatar, ready_link):
    DataExport.objects.filter(user=resident_with_avatar).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = host_client(organization.host, user=resident_with_avatar).get(ready_link)
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()


def test_purge_deletes_expired_files_only(
    organization, resident_with_avatar, ready_link, django_capture_on_commit_callbacks
):
    fresh_user = make_user(organization)
    _ask(fresh_user, django_capture_on_commit_callbacks)
    old = DataExport.objects.get(user=resident_with_avatar)
    fresh = DataExport.objects.get(user=fresh_user)
    old_name = old.file.name
    DataExport.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired_exports", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.status == ExportStatus.EXPIRED and not old.file
    assert not export_storage.exists(old_name)
    assert export_storage.exists(fresh.file.name)
    response = host_client(organization.host, user=resident_with_avatar).get(ready_link)
    assert response.status_code == 410


def test_purge_is_scheduled_with_celery_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["privacy.purge_expired_exports"]
    assert entry["task"] == "privacy.purge_expired_exports"


def test_a_failing_build_frees_the_person_to_ask_again(
    organization, resident_with_avatar, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(user):
        raise ValueError("bug")

    monkeypatch.setattr("participation.privacy.exports.build_archive", broken)
    with django_capture_on_commit_callbacks(execute=True):
        exports.request_export(user=resident_with_avatar)  # answers normally: the failure is logged
    assert DataExport.objects.get(user=resident_with_avatar).status == ExportStatus.FAILED
    monkeypatch.undo()
    _ask(resident_with_avatar, django_capture_on_commit_callbacks)
    assert (
        DataExport.objects.filter(user=resident_with_avatar, status=ExportStatus.READY).count() == 1
    )


def test_stuck_pending_exports_are_given_up_after_a_day(organization, resident_with_avatar):
    export = exports.request_export(user=resident_with_avatar)
    DataExport.objects.filter(pk=export.pk).update(created_at=timezone.now() - timedelta(days=2))
    exports.purge_expired_exports()
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED


def test_the_user_menu_links_to_the_privacy_page(organization, resident_with_avatar):
    body = host_client(organization.host, user=resident_with_avatar).get("/").content.decode()
    assert 'href="/privacy/"' in body
