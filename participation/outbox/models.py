"""Work recorded in the transaction of the write that promised it, and e-mails to send."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class OutboxMessage(models.Model):
    """One follow-up to run once: a registered handler name and its JSON payload.

    Written in the same transaction as the write it follows (it exists if and only if the
    write was committed); dispatched to Celery after the commit, and again by the sweeper
    while it is still pending once ``available_at`` is past.
    """

    task = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Not dispatched again by the sweeper before this moment.
    available_at = models.DateTimeField()
    dispatched_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(fields=["status", "available_at"], name="outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.task} [{self.key}] {self.status}"


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("to send")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("accepted by the mail server")
    FAILED = "failed", _("failed")


class OutgoingEmail(models.Model):
    """One e-mail to one recipient: sent at most once, marked sent once the server took it.

    ``key`` names the message and its recipient (``newsletter:12:345``): the same e-mail is
    never recorded twice. A sender claims the row (``sending`` with a lease) before talking
    to the mail server and marks it ``sent`` right after the server accepted it.
    """

    key = models.CharField(max_length=200, unique=True)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=998)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "created_at"], name="outgoing_email_status")]

    def __str__(self) -> str:
        return f"{self.key} → {self.status}"

    @property
    def message_id(self) -> str:
        """The same Message-ID every time this e-mail is sent: a server can drop a repeat."""
        from django.conf import settings

        digest = hashlib.sha256(self.key.encode()).hexdigest()[:40]
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "decidons"
        return f"<{digest}@{domain}>"
