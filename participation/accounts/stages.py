"""allauth's login stages, with our notion of a verified e-mail."""

from allauth.account.stages import EmailVerificationStage as AllauthEmailVerificationStage

from participation.accounts import selectors


class EmailVerificationStage(AllauthEmailVerificationStage):
    def handle(self):
        # Provisioned accounts (invitation, operator, demo) have no allauth
        # EmailAddress yet are trusted; allauth alone would block them.
        if selectors.has_verified_email(self.login.user):
            return None, True
        return super().handle()
