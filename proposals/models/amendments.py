"""Amendments: a participant proposes another version of someone's published proposal.

Imported at the end of ``proposals.models`` (Django finds the models there).
The author of the proposal accepts (the text becomes a new version of the
proposal, credited to the amender) or rejects it; the amender may withdraw it
while it is being evaluated. Written only by ``proposals.services.amendments``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.richtext import SanitizedHTMLField


class AmendmentState(models.TextChoices):
    # A context of their own: in French an amendment is masculine, a proposal feminine.
    EVALUATING = "evaluating", pgettext_lazy("amendment", "Evaluating")
    ACCEPTED = "accepted", pgettext_lazy("amendment", "Accepted")
    REJECTED = "rejected", pgettext_lazy("amendment", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("amendment", "Withdrawn")


class Amendment(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    # Denormalised from the proposal: tenancy filters and notifications find the space.
    component = models.ForeignKey(
        "components.Component", on_delete=models.CASCADE, related_name="+"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="amendments"
    )
    amender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal_amendments",
        verbose_name=_("amender"),
    )
    # The proposal's version the amender read when writing the amendment.
    base_version = models.ForeignKey(
        "proposals.ProposalVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=500)
    body = SanitizedHTMLField(_("description"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=AmendmentState.choices,
        default=AmendmentState.EVALUATING,
    )
    # The version of the proposal this amendment became, once accepted.
    resulting_version = models.OneToOneField(
        "proposals.ProposalVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendment",
    )
    # Denormalised counter, kept by the services with F() expressions.
    votes_count = models.PositiveIntegerField(_("supports"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["proposal", "state"], name="amendment_by_proposal"),
            models.Index(fields=["amender", "component"], name="amendment_by_amender"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.component.url("amendment", pk=self.proposal_id, amendment_id=self.pk)

    @property
    def is_evaluating(self) -> bool:
        return self.state == AmendmentState.EVALUATING


class AmendmentVote(models.Model):
    """One person's support of one amendment."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="amendment_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "user"], name="one_amendment_vote_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → amendment {self.amendment_id}"
