"""Proposals: what residents put forward, its versions, attachments and supports."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.richtext import SanitizedHTMLField


class ProposalState(models.TextChoices):
    NOT_ANSWERED = "not_answered", _("Not answered")
    EVALUATING = "evaluating", _("Evaluating")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Upper bound (excluded) of ``Proposal.shuffle`` and of the visitors' random-order seeds.
SHUFFLE_RANGE = 2**31 - 1


def random_shuffle() -> int:
    """A proposal's place in the random order, drawn once when it is created."""
    return secrets.randbelow(SHUFFLE_RANGE)


class ProposalQuerySet(models.QuerySet):
    def published(self):
        """What anyone who may see the component sees: published proposals (withdrawn too)."""
        return self.filter(published_at__isnull=False)

    def drafts(self):
        return self.filter(published_at__isnull=True)


class Proposal(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    component = models.ForeignKey(
        "components.Component", on_delete=models.CASCADE, related_name="proposals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("author"),
    )
    # Lengths are limited by the component's settings in the service; 500 is the ceiling.
    title = models.CharField(_("title"), max_length=500)
    body = SanitizedHTMLField(_("description"))
    category = models.ForeignKey(
        "participation.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    scope = models.ForeignKey(
        "participation.Scope",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.NOT_ANSWERED
    )
    # Set with ``state`` when an official answer is published with a component's own state.
    custom_state = models.ForeignKey(
        "proposals.ProposalCustomState",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("state of this component"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Denormalised counters, kept by the services with F() expressions.
    supports_count = models.PositiveIntegerField(_("supports"), default=0)
    against_count = models.PositiveIntegerField(_("against"), default=0)
    neutral_count = models.PositiveIntegerField(_("neutral"), default=0)
    comments_count = models.PositiveIntegerField(_("comments"), default=0)
    followers_count = models.PositiveIntegerField(_("followers"), default=0)
    # The random order shows proposals by this value from a point each visitor draws once
    # (proposals.selectors.random_page): two short index range scans, never a sort of all.
    shuffle = models.PositiveIntegerField(default=random_shuffle, editable=False)
    # Images and documents (participation.services.attachments); go with the proposal.
    attachments = GenericRelation("participation.Attachment")

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-published_at", "-id"]
        indexes = [
            # Each ordering's whole sort key (selectors.ORDERINGS): a page is read off the
            # index, never sorted from the thousands of proposals that share a count.
            models.Index(fields=["component", "-published_at", "-id"], name="proposal_recent"),
            models.Index(
                fields=["component", "-supports_count", "-published_at", "-id"],
                name="proposal_supported",
            ),
            models.Index(
                fields=["component", "-comments_count", "-published_at", "-id"],
                name="proposal_commented",
            ),
            models.Index(
                fields=["component", "-followers_count", "-published_at", "-id"],
                name="proposal_followed",
            ),
            models.Index(fields=["author", "component"], name="proposal_author"),
            models.Index(fields=["component", "shuffle", "id"], name="proposal_shuffle"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.component.url("detail", pk=self.pk)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.state == ProposalState.WITHDRAWN

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ProposalVersion(models.Model):
    """Title and body as they were after each publication or edit."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    body = models.TextField()
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class SupportValue(models.IntegerChoices):
    FOR = 1, _("For")
    NEUTRAL = 0, _("Neutral")
    AGAINST = -1, _("Against")


class Support(models.Model):
    """One person's support (or for/against/neutral vote) on one proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    # Denormalised: limits and the minimum are counted per participant and component.
    component = models.ForeignKey(
        "components.Component", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    value = models.SmallIntegerField(choices=SupportValue.choices, default=SupportValue.FOR)
    # False while the participant has given fewer supports than the component's minimum.
    counted = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_person")
        ]
        indexes = [models.Index(fields=["user", "component"], name="support_by_participant")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id} ({self.value})"


# Amendments live in their own module; importing them here registers the models.
from proposals.models.amendments import Amendment, AmendmentState, AmendmentVote  # noqa: E402, F401

# The back-office's models (answers, evaluators, notes, links) live in their own module.
from proposals.models.answers import (  # noqa: E402, F401
    EvaluatorAssignment,
    LinkKind,
    ProposalAnswer,
    ProposalCustomState,
    ProposalLink,
    ProposalNote,
    StateMeaning,
)
