"""Finishing a password sign-in through allauth's login stages.

Our /sign-in/ form checks the password (OrganizationEmailBackend, scoped to
the host's organisation); allauth then runs its stages: a confirmed e-mail
for self-registered accounts, the second factor when the account has one.
"""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login


def complete_sign_in(request, user, *, email: str, redirect_url: str):
    # What allauth's own password login records, so its session history
    # (used by two-factor and re-authentication) sees this sign-in.
    record_authentication(request, user, method="password", email=email)
    return perform_login(request, user, redirect_url=redirect_url, email=email)
