"""Re-encrypt every sign-in provider's client secret with the first key of OIDC_SECRET_KEYS."""

from django.core.management.base import BaseCommand
from django.db import transaction

from participation.oidc.models import IdentityProvider


class Command(BaseCommand):
    help = (
        "Re-encrypts the client secrets of every sign-in provider with the first key of "
        "OIDC_SECRET_KEYS (after putting a new key first). Old keys can be removed afterwards."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            providers = list(IdentityProvider.objects.select_for_update().order_by("pk"))
            for provider in providers:
                # Read back in clear (any key decrypts), written with the first key.
                IdentityProvider.objects.filter(pk=provider.pk).update(
                    client_secret=provider.client_secret
                )
        self.stdout.write(
            self.style.SUCCESS(f"{len(providers)} client secret(s) encrypted with the first key.")
        )
