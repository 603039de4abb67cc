"""Client secrets are encrypted at rest, with key rotation and a data migration."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from participation.oidc import secret_box
from participation.oidc.checks import secret_keys_check
from participation.oidc.models import IdentityProvider
from participation.oidc.services import create_provider

SECRET = "a-very-secret-client-secret"
KEY_1, KEY_2, KEY_3 = (Fernet.generate_key().decode() for _ in range(3))


def stored(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM oidc_identityprovider WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def make_provider(organization) -> IdentityProvider:
    return create_provider(
        actor=None,
        organization=organization,
        kind="oidc",
        name="Intranet",
        slug="intranet",
        client_id="client",
        client_secret=SECRET,
        discovery_url="https://sso.example.org/.well-known/openid-configuration",
    )


def test_the_database_holds_the_secret_encrypted(organization, settings):
    settings.OIDC_SECRET_KEYS = [KEY_1]
    provider = make_provider(organization)
    raw = stored(provider.pk)
    assert raw.startswith("enc:v1:") and SECRET not in raw
    assert Fernet(KEY_1.encode()).decrypt(raw.removeprefix("enc:v1:").encode()).decode() == SECRET
    assert IdentityProvider.objects.get(pk=provider.pk).client_secret == SECRET


def test_rotation_new_key_first_then_the_command(organization, settings):
    settings.OIDC_SECRET_KEYS = [KEY_1]
    provider = make_provider(organization)
    before = stored(provider.pk)
    # A new key first: the old one still decrypts.
    settings.OIDC_SECRET_KEYS = [KEY_2, KEY_1]
    assert IdentityProvider.objects.get(pk=provider.pk).client_secret == SECRET
    out = io.StringIO()
    call_command("rotate_oidc_secrets", stdout=out)
    assert "1 client secret(s)" in out.getvalue()
    after = stored(provider.pk)
    assert after != before
    assert Fernet(KEY_2.encode()).decrypt(after.removeprefix("enc:v1:").encode()) == SECRET.encode()
    # The old key can go.
    settings.OIDC_SECRET_KEYS = [KEY_2]
    assert IdentityProvider.objects.get(pk=provider.pk).client_secret == SECRET
    # Without any key that encrypted it, reading fails loudly (no garbage sent to a provider).
    settings.OIDC_SECRET_KEYS = [KEY_3]
    with pytest.raises(ImproperlyConfigured):
        IdentityProvider.objects.get(pk=provider.pk)


def test_without_keys_a_key_derived_from_secret_key_is_used_and_the_deploy_check_warns(
    organization, settings
):
    settings.OIDC_SECRET_KEYS = []
    provider = make_provider(organization)
    assert stored(provider.pk).startswith("enc:v1:")
    assert IdentityProvider.objects.get(pk=provider.pk).client_secret == SECRET
    assert [message.id for message in secret_keys_check()] == ["oidc.W001"]
    settings.OIDC_SECRET_KEYS = ["not-a-fernet-key"]
    assert "oidc.E001" in [message.id for message in secret_keys_check()]
    settings.OIDC_SECRET_KEYS = [KEY_1, KEY_2]
    assert secret_keys_check() == []


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_encrypts_clear_secrets_and_reverses(settings):
    settings.OIDC_SECRET_KEYS = [KEY_1]
    executor = MigrationExecutor(connection)
    executor.migrate([("oidc", "0001_initial")])
    executor.loader.build_graph()
    try:
        old = executor.loader.project_state([("oidc", "0001_initial")]).apps
        organization_pk = (
            old.get_model("participation", "Organization")
            .objects.create(name="V", host="v.test")
            .pk
        )
        legacy = old.get_model("oidc", "IdentityProvider").objects.create(
            organization_id=organization_pk,
            kind="oidc",
            name="Legacy",
            slug="legacy",
            discovery_url="https://sso.example.org/.well-known/openid-configuration",
            client_id="c",
            client_secret=SECRET,
        )
        assert stored(legacy.pk) == SECRET
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        assert stored(legacy.pk).startswith("enc:v1:")
        assert IdentityProvider.objects.get(pk=legacy.pk).client_secret == SECRET
        executor = MigrationExecutor(connection)
        executor.migrate([("oidc", "0001_initial")])
        assert stored(legacy.pk) == SECRET
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_rotate_encrypts_a_clear_value():
    assert secret_box.rotate("clear").startswith("enc:v1:")
    assert secret_box.decrypt(secret_box.rotate("clear")) == "clear"


def test_blank_keys_count_as_none(settings):
    settings.OIDC_SECRET_KEYS = [""]
    assert [message.id for message in secret_keys_check()] == ["oidc.W001"]
