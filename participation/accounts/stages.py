"""allauth's login stages, with our notion of a verified e-mail and the console's own code page."""

from allauth.account.stages import EmailVerificationStage as AllauthEmailVerificationStage
from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage
from django.http import HttpResponseRedirect
from django.urls import reverse

from participation.accounts import selectors
from participation.accounts.signin import PROVIDER_SIGN_IN_FLAG


class EmailVerificationStage(AllauthEmailVerificationStage):
    def handle(self):
        # Provisioned accounts (invitation, operator, demo) have no allauth
        # EmailAddress yet are trusted; allauth alone would block them.
        # No user: enumeration prevention at sign-up (the address is taken); allauth sends
        # the owner an "account already exists" e-mail and answers as for a new account.
        if self.login.user is not None and selectors.has_verified_email(self.login.user):
            return None, True
        # A provider sign-in proved the identity through the provider, not the address:
        # an address it did not vouch for stays unconfirmed, and no confirmation e-mail
        # is sent on each sign-in (see participation/oidc/__init__.py).
        if self.login.user is not None and getattr(self.request, PROVIDER_SIGN_IN_FLAG, False):
            return None, True
        return super().handle()


class AuthenticateStage(AllauthAuthenticateStage):
    def handle(self):
        response, cont = super().handle()
        # Operators sign in on the console's host, which has no /account/ pages.
        if response is not None and self.request.path.startswith("/system/"):
            response = HttpResponseRedirect(reverse("system:mfa_authenticate"))
        return response, cont
