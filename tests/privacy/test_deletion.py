"""Delete my account: confirmation, erasure in one transaction, contributions kept."""

import os

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.template import Context, Template
from guardian.shortcuts import assign_perm

from participation.action_log import log_action
from participation.errors import ServiceError
from participation.models import ActionLog, User
from participation.oidc.models import IdentityLink, IdentityProvider
from participation.privacy import deletion, registry
from participation.privacy.display import display_name, is_deleted
from participation.privacy.errors import PrivacyError
from participation.privacy.models import DataExport, DeletedAccount
from participation.verifications.models import Grant, GrantStatus
from tests.conftest import host_client
from tests.factories import PASSWORD, make_user


@pytest.fixture
def resident_with_avatar(organization):
    user = make_user(
        organization,
        email="anne@example.org",
        name="Anne Martin",
        first_name="Anne",
        last_name="Martin",
        nickname="anne-m",
    )
    user.avatar.save("face.png", ContentFile(b"\x89PNG avatar"), save=True)
    return user


def _delete(user, capture, **kwargs):
    with capture(execute=True):
        return deletion.delete_account(user=user, **kwargs)


def test_deletion_erases_the_row_and_keeps_contributions(
    organization, resident_with_avatar, django_capture_on_commit_callbacks
):
    avatar_path = resident_with_avatar.avatar.path
    contribution = log_action(
        organization=organization,
        actor=resident_with_avatar,
        action="publish_proposal",
        target=organization,
    )
    _delete(
        resident_with_avatar, django_capture_on_commit_callbacks, password=PASSWORD, reason="moving"
    )
    user = User.objects.get(pk=resident_with_avatar.pk)
    assert (user.name, user.first_name, user.last_name, user.nickname) == ("", "", "", "")
    assert user.email.startswith("deleted-") and user.email.endswith("@deleted.invalid")
    assert not user.avatar and not user.has_usable_password()
    assert not user.is_active and not user.is_org_admin
    assert not os.path.exists(avatar_path)
    # The contribution is still there, with its author, shown under a neutral name.
    contribution.refresh_from_db()
    assert contribution.actor_id == user.pk
    assert display_name(contribution.actor) == "Participant·e supprimé·e"
    rendered = Template("{% load privacy_tags %}{{ log.actor|display_name }}").render(
        Context({"log": contribution})
    )
    assert rendered == "Participant·e supprimé·e"
    record = DeletedAccount.objects.get(user_id=user.pk)
    assert record.organization == organization and record.reason == "moving"


def test_deletion_log_entry_and_confirmation_mail(
    organization, resident_with_avatar, django_capture_on_commit_callbacks
):
    _delete(resident_with_avatar, django_capture_on_commit_callbacks, password=PASSWORD)
    entry = ActionLog.objects.get(action="privacy.account_deleted")
    text = f"{entry.target_label} {entry.changes}"
    assert "Anne" not in text and "anne@example.org" not in text
    assert mail.outbox[-1].to == ["anne@example.org"]
    assert "supprimé" in mail.outbox[-1].subject


def test_log_entries_about_the_person_lose_their_content(
    organization, resident_with_avatar, django_capture_on_commit_callbacks
):
    admin = make_user(organization, admin=True)
    log_action(
        organization=organization,
        actor=admin,
        action="accounts.profile_updated",
        target=resident_with_avatar,
        changes={"name": ["Anne", "Anne Martin"]},
    )
    _delete(resident_with_avatar, django_capture_on_commit_callbacks, password=PASSWORD)
    entry = ActionLog.objects.get(action="accounts.profile_updated", actor=admin)
    assert entry.target_label == "" and entry.changes == {}


def test_wrong_password_changes_nothing(organization, resident_with_avatar):
    with pytest.raises(ServiceError) as error:
        deletion.delete_account(user=resident_with_avatar, password="nope")
    assert error.value.error_code == PrivacyError.WRONG_PASSWORD
    resident_with_avatar.refresh_from_db()
    assert resident_with_avatar.email == "anne@example.org" and resident_with_avatar.is_active
    assert not DeletedAccount.objects.exists()


def test_wrong_password_on_the_page_gives_a_clear_error(organization, resident_with_avatar):
    client = host_client(organization.host, user=resident_with_avatar)
    assert client.get("/privacy/delete-account/").status_code == 200
    response = client.post("/privacy/delete-account/", {"password": "nope"})
    assert response.status_code == 400
    assert "Ce mot de passe n’est pas le bon" in response.content.decode()
    resident_with_avatar.refresh_from_db()
    assert resident_with_avatar.is_active and resident_with_avatar.name == "Anne Martin"


def test_the_page_deletes_and_signs_out(
    organization, resident_with_avatar, django_capture_on_commit_callbacks
):
    client = host_client(organization.host, user=resident_with_avatar)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/privacy/delete-account/", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/privacy/account-deleted/"
    assert "_auth_user_id" not in client.session
    assert client.get("/privacy/").status_code == 302  # signed out
    assert is_deleted(User.objects.get(pk=resident_with_avatar.pk))


def test_accounts_without_password_type_the_sentence(
    organization, django_capture_on_commit_callbacks
):
    user = make_user(organization, name="Via FranceConnect")
    user.set_unusable_password()
    user.save()
    with pytest.raises(ServiceError) as error:
        deletion.delete_account(user=user, confirmation="oui")
    assert error.value.error_code == PrivacyError.WRONG_CONFIRMATION
    client = host_client(organization.host, user=user)
    assert "SUPPRIMER MON COMPTE" in client.get("/privacy/delete-account/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/privacy/delete-account/", {"confirmation": "supprimer mon compte"})
    assert response.status_code == 302
    assert is_deleted(User.objects.get(pk=user.pk))


def test_erasers_handle_verifications_links_exports_and_roles(
    organization, resident_with_avatar, django_capture_on_commit_callbacks
):
    granted = Grant.objects.create(
        organization=organization,
        user=resident_with_avatar,
        method="census",
        status=GrantStatus.GRANTED,
        fingerprint="f" * 64,
        metadata={"fields": "x"},
    )
    Grant.objects.create(
        organization=organization,
        user=resident_with_avatar,
        method="id_document",
        status=GrantStatus.REJECTED,
        reason="blurry",
    )
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
        claims={"email": "anne@example.org"},
    )
    DataExport.objects.create(organization=organization, user=resident_with_avatar)
    assign_perm("participation.view_user", resident_with_avatar)
    _delete(resident_with_avatar, django_capture_on_commit_callbacks, password=PASSWORD)
    # The fingerprint stays so the same person cannot be verified again (see core_data).
    granted.refresh_from_db()
    assert granted.fingerprint == "f" * 64 and granted.metadata == {}
    assert Grant.objects.filter(user=resident_with_avatar).count() == 1
    assert not IdentityLink.objects.filter(user=resident_with_avatar).exists()
    assert not DataExport.objects.filter(user=resident_with_avatar).exists()


def test_a_failing_eraser_cancels_everything(organization, resident_with_avatar):
    def broken(user):
        raise RuntimeError("boom")

    registry.register(
        registry.PersonalData(
            key="broken", label="b", description="b", exporter=lambda u: {}, eraser=broken
        )
    )
    try:
        with pytest.raises(RuntimeError):
            deletion.delete_account(user=resident_with_avatar, password=PASSWORD)
    finally:
        registry.unregister("broken")
    resident_with_avatar.refresh_from_db()
    assert resident_with_avatar.email == "anne@example.org" and resident_with_avatar.is_active


def test_the_last_administrator_cannot_delete_their_account(organization):
    admin = make_user(organization, admin=True)
    with pytest.raises(ServiceError) as error:
        deletion.delete_account(user=admin, password=PASSWORD)
    assert error.value.error_code == PrivacyError.LAST_ADMIN


def test_display_name_of_living_accounts(organization, resident_with_avatar):
    assert display_name(resident_with_avatar) == "Anne Martin"
    assert display_name(None) == "Participant·e supprimé·e"
