"""allauth's login stages, with our notion of a verified e-mail."""

from allauth.account.stages import EmailVerificationStage as AllauthEmailVerificationStage

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
