"""Receivers for signals defined by other apps."""

import logging

from participation.errors import ServiceError
from participation.verifications import services

logger = logging.getLogger(__name__)

# Sign-in provider kinds whose identity claims are state-certified.
CERTIFIED_PROVIDERS = {"franceconnect"}


def on_identity_confirmed(sender, *, user, provider_kind, claims, organization=None, **kwargs):
    if provider_kind not in CERTIFIED_PROVIDERS:
        return
    try:
        services.grant_identity_verification(user=user, method="franceconnect", claims=claims)
    except ServiceError as refusal:
        # Signing in must not fail because the verification does (method switched
        # off, identity already verified on another account): the person sees the
        # verification's state on /verifications/.
        logger.info("FranceConnect verification not granted to user %s: %s", user.pk, refusal.code)
