from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Follows, in-app notifications and e-mails (immediate or digests)."""

    name = "participation.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from participation.backoffice.registry import Section, is_org_admin, register_section
        from participation.notifications import emails, newsletters, receivers
        from participation.outbox.emails import email_sent

        receivers.connect()
        email_sent.connect(emails.mark_emailed, dispatch_uid="notifications-emailed")
        email_sent.connect(newsletters.mark_delivered, dispatch_uid="newsletter-delivered")
        register_section(
            Section(
                key="newsletters",
                label=_("Newsletters"),
                url_name="notifications_admin:newsletters",
                order=40,
                visible=is_org_admin,
            )
        )
