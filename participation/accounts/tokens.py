"""Password-reset tokens that never change the account they are made for."""

from allauth.account.models import EmailAddress
from django.contrib.auth.tokens import PasswordResetTokenGenerator

from participation.accounts import selectors


class ResetTokenGenerator(PasswordResetTokenGenerator):
    """allauth's e-mail-aware token, without its side effect.

    allauth's generator records the account's address as an *unverified*
    allauth EmailAddress when it has none (invited administrators, operators,
    imported accounts), which then counts as an unconfirmed address and locks
    the account out (selectors.has_verified_email) — so anyone could lock an
    administrator out by asking a reset for their address. This one only
    reads: the token still changes when the account's addresses change.
    """

    def check_token(self, user, token) -> bool:
        # A link sent before the account's address became provider-given opens nothing.
        if user is not None and selectors.address_unproven_behind_provider(user):
            return False
        return super().check_token(user, token)

    def _make_hash_value(self, user, timestamp) -> str:
        value = super()._make_hash_value(user, timestamp)
        emails = {user.email.lower()} if user.email else set()
        emails.update(EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True))
        return value + "|".join(sorted(emails))
