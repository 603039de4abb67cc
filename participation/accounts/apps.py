from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-up, profiles, terms and two-factor policy, on top of django-allauth.

    allauth knows nothing of organisations; this app scopes every one of its
    flows to the organisation of the request (see adapter, forms and views).
    """

    name = "participation.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from participation.backoffice.registry import Section, is_org_admin, register_section

        _scope_allauth_unique_email_check()
        from django.db.models.signals import post_delete, post_save

        from participation.accounts.models import OrganizationTerms
        from participation.accounts.selectors import forget_terms_version

        # The terms gate reads the version from the cache (selectors.published_terms_version).
        for signal in (post_save, post_delete):
            signal.connect(
                forget_terms_version, sender=OrganizationTerms, dispatch_uid=f"terms_{signal}"
            )
        register_section(
            Section(
                key="organization",
                label=_("Appearance and legal pages"),
                url_name="organization_backoffice:appearance",
                order=85,
                visible=is_org_admin,
            )
        )
        register_section(
            Section(
                key="terms",
                label=_("Terms of service"),
                url_name="accounts_backoffice:terms",
                order=90,
                visible=is_org_admin,
            )
        )


UNIQUE_EMAIL_CHECK = "Using email as a login method requires ACCOUNT_UNIQUE_EMAIL"


def _scope_allauth_unique_email_check() -> None:
    """Drop allauth's one check that assumes a single tenant.

    allauth wants e-mails globally unique when people sign in by e-mail.
    Here an address is unique per organisation (a database constraint on
    User) and every allauth flow is scoped to the request's organisation, so
    that critical error does not apply; all its other checks still run.
    """
    from allauth.account import checks as allauth_checks
    from django.core.checks import registry

    original = allauth_checks.settings_check
    if original not in registry.registry.registered_checks:
        return

    def settings_check(app_configs, **kwargs):
        return [m for m in original(app_configs, **kwargs) if m.msg != UNIQUE_EMAIL_CHECK]

    registry.registry.registered_checks.discard(original)
    registry.register(settings_check)
