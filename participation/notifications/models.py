"""Follows, notifications and each person's e-mail preferences."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.richtext import SanitizedHTMLField


class Follow(models.Model):
    """A person follows something (a space, a post, a proposal...): generic, one row per pair."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_unique_per_target"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_by_target")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("An e-mail for each notification")
    DAILY = "daily", _("A daily digest")
    WEEKLY = "weekly", _("A weekly digest")
    NONE = "none", _("No e-mail (notifications on the site only)")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be e-mailed")
    # In an e-mail recorded in the outbox, not yet accepted by the mail server.
    QUEUED = "queued", _("being e-mailed")
    SENT = "sent", _("e-mailed")
    SKIPPED = "skipped", _("not e-mailed")


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_mode = models.CharField(
        _("e-mails"), max_length=10, choices=EmailMode.choices, default=EmailMode.DAILY
    )
    # Event names (see registry) this person does not want to hear about at all.
    disabled_events = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_mode}"


class Notification(models.Model):
    """One event told to one person. (event_id, user) is unique: retried tasks add nothing."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event_id = models.UUIDField()
    event_name = models.CharField(max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # What the notification is about when it is not the target itself (the comment on a
    # followed proposal): hiding either by moderation takes the notification off the list.
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Snapshots taken when the event happened: the list needs no join to the target.
    title = models.CharField(max_length=255, blank=True)
    url = models.CharField(max_length=500, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The e-mail (immediate or digest) this notification went into: "sent" once it went.
    email = models.ForeignKey(
        "outbox.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event_id", "user"], name="notification_once_per_user")
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_by_date"),
            models.Index(fields=["email_status", "user"], name="notification_to_email"),
        ]

    def __str__(self) -> str:
        return f"{self.event_name} → {self.user_id}"


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", pgettext_lazy("newsletter", "Sent")


class NewsletterAudience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone who accepted the newsletter")
    FOLLOWERS = "followers", _("Followers of the chosen spaces (who accepted the newsletter)")
    PARTICIPANTS = (
        "participants",
        _("Participants in the chosen spaces and/or areas (who accepted the newsletter)"),
    )


class Newsletter(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = SanitizedHTMLField(_("text"))
    audience = models.CharField(
        _("recipients"),
        max_length=20,
        choices=NewsletterAudience.choices,
        default=NewsletterAudience.EVERYONE,
    )
    # Spaces whose followers receive it (audience "followers"): "<type key>:<id>" strings.
    spaces = models.JSONField(_("spaces"), default=list, blank=True)
    # Areas (participation.Scope ids) restricting the audience "participants".
    scopes = models.JSONField(_("areas"), default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class NewsletterDelivery(models.Model):
    """One recipient of one newsletter: unique, so a retried chunk records nobody twice."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Set once the mail server accepted the e-mail (outbox.emails.email_sent), not before.
    sent_at = models.DateTimeField(null=True, blank=True)
    email = models.OneToOneField(
        "outbox.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_delivery",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "user"], name="newsletter_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.newsletter_id} → {self.user_id}"
