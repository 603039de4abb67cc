"""Client secrets encrypted at rest: the column becomes text and clear values are encrypted."""

from django.db import migrations

import participation.oidc.secret_box


def _rewrite(schema_editor, transform) -> None:
    # Raw SQL: the stored text is read and written as is, whatever the field class does.
    table = schema_editor.quote_name("oidc_identityprovider")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, client_secret FROM {table}")
        for pk, stored in cursor.fetchall():
            new = transform(stored)
            if new != stored:
                cursor.execute(f"UPDATE {table} SET client_secret = %s WHERE id = %s", [new, pk])


def encrypt_clear_secrets(apps, schema_editor):
    from participation.oidc import secret_box

    _rewrite(schema_editor, secret_box.encrypt)


def decrypt_secrets(apps, schema_editor):
    from participation.oidc import secret_box

    _rewrite(schema_editor, secret_box.decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("oidc", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="identityprovider",
            name="client_secret",
            field=participation.oidc.secret_box.EncryptedSecretField(verbose_name="client secret"),
        ),
        migrations.RunPython(encrypt_clear_secrets, decrypt_secrets),
    ]
