"""Receivers for signals defined by other apps."""

from participation.verifications import services

# Sign-in provider kinds whose identity claims are state-certified.
CERTIFIED_PROVIDERS = {"franceconnect"}


def on_identity_confirmed(sender, *, user, provider_kind, claims, organization=None, **kwargs):
    if provider_kind not in CERTIFIED_PROVIDERS:
        return
    services.grant_identity_verification(user=user, method="franceconnect", claims=claims)
