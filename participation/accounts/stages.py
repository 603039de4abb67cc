"""allauth's login stages, with our notion of a verified e-mail and the console's own code page."""

from allauth.account.stages import EmailVerificationStage as AllauthEmailVerificationStage
from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage
from django.http import HttpResponseRedirect
from django.urls import reverse

from participation.accounts import selectors


class EmailVerificationStage(AllauthEmailVerificationStage):
    def handle(self):
        # Provisioned accounts (invitation, operator, demo) have no allauth
        # EmailAddress yet are trusted; allauth alone would block them.
        # No user: enumeration prevention at sign-up (the address is taken); allauth sends
        # the owner an "account already exists" e-mail and answers as for a new account.
        if self.login.user is not None and selectors.has_verified_email(self.login.user):
            return None, True
        return super().handle()


class AuthenticateStage(AllauthAuthenticateStage):
    def handle(self):
        response, cont = super().handle()
        # Operators sign in on the console's host, which has no /account/ pages.
        if response is not None and self.request.path.startswith("/system/"):
            response = HttpResponseRedirect(reverse("system:mfa_authenticate"))
        return response, cont
