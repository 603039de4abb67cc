"""The proposals back-office's data: custom states, official answers, evaluators, notes, links.

Imported by ``proposals.models`` so Django finds these models in the ``proposals`` app.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from participation.richtext import SanitizedHTMLField


class StateMeaning(models.TextChoices):
    """What a component's own state counts as, for supports, filters and counts."""

    EVALUATING = "evaluating", _("Neither (still being evaluated)")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ProposalCustomState(models.Model):
    """A state an administrator adds to one proposals component ("Voted", "In progress"...)."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    component = models.ForeignKey(
        "components.Component", on_delete=models.CASCADE, related_name="proposal_states"
    )
    token = models.SlugField(_("code"), max_length=30)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    background_color = models.CharField(_("background colour"), max_length=7)
    text_color = models.CharField(_("text colour"), max_length=7, default="#ffffff")
    counts_as = models.CharField(
        _("counts as"),
        max_length=20,
        choices=StateMeaning.choices,
        default=StateMeaning.EVALUATING,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proposal state")
        verbose_name_plural = _("proposal states")
        ordering = ["component", "id"]
        constraints = [
            models.UniqueConstraint(fields=["component", "token"], name="proposal_state_token")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (translation.get_language() or "fr").split("-")[0]
        return (self.name_en if language == "en" else self.name_fr) or self.name_fr

    @property
    def css_class(self) -> str:
        return f"proposal-state-custom-{self.pk}"


class ProposalAnswer(models.Model):
    """The official answer to one proposal: saved, then published (or published at once)."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="answer"
    )
    state = models.CharField(_("state"), max_length=20)
    custom_state = models.ForeignKey(
        ProposalCustomState,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("state of this component"),
    )
    text = SanitizedHTMLField(_("answer"), blank=True)
    cost = models.DecimalField(
        _("cost (euros)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cost_report = SanitizedHTMLField(_("cost report"), blank=True)
    execution_period = SanitizedHTMLField(_("execution period"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")

    def __str__(self) -> str:
        return str(self.proposal_id)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def get_state_display(self) -> str:
        from proposals.models import ProposalState

        return ProposalState(self.state).label


class EvaluatorAssignment(models.Model):
    """An evaluator of the space is asked to evaluate this proposal."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="evaluator_assignments"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_evaluations"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "evaluator"], name="one_assignment_each")
        ]
        indexes = [models.Index(fields=["evaluator", "proposal"], name="evaluator_proposals")]

    def __str__(self) -> str:
        return f"{self.evaluator_id} → {self.proposal_id}"


class ProposalNote(models.Model):
    """A private note: admins and evaluators of the space only, never public, never exported."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="private_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note {self.pk} on {self.proposal_id}"


class LinkKind(models.TextChoices):
    IMPORTED = "imported", _("imported")
    MERGED = "merged", _("merged")
    SPLIT = "split", _("split")
    COPIED = "copied", _("copied")


class ProposalLink(models.Model):
    """``source`` became (part of) ``result``: an import, a merge, a split or a copy."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    source = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="links_out"
    )
    result = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(max_length=10, choices=LinkKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "result", "kind"], name="proposal_link_once"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("result")), name="proposal_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} -{self.kind}-> {self.result_id}"
