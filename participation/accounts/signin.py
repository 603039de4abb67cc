"""Finishing a password sign-in through allauth's login stages.

Our /sign-in/ form checks the password (OrganizationEmailBackend, scoped to
the host's organisation); allauth then runs its stages: a confirmed e-mail
for self-registered accounts, the second factor when the account has one.
"""

from allauth.account.utils import perform_login


def complete_sign_in(request, user, *, email: str, redirect_url: str):
    return perform_login(request, user, redirect_url=redirect_url, email=email)
