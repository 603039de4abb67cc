"""Deployment check: client secrets are encrypted with keys of their own."""

from django.core.checks import Error, Warning
from django.core.exceptions import ImproperlyConfigured


def secret_keys_check(app_configs=None, **kwargs):
    from participation.oidc import secret_box

    messages = []
    if not secret_box.explicit_keys():
        messages.append(
            Warning(
                "OIDC_SECRET_KEYS is not set: sign-in providers' client secrets are encrypted "
                "with a key derived from SECRET_KEY.",
                hint="Set OIDC_SECRET_KEYS to one or more Fernet keys (see README).",
                id="oidc.W001",
            )
        )
    try:
        secret_box.box()
    except ImproperlyConfigured as error:
        messages.append(Error(str(error), id="oidc.E001"))
    return messages
