"""Participatory budgets: budgets of a component, their projects, and residents' ballots.

Money is stored as decimals with two places and handed to the counting rules as
exact fractions (``Fraction(str(decimal))``), never as floats.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.richtext import SanitizedHTMLField

MONEY = {"max_digits": 14, "decimal_places": 2}


class Budget(models.Model):
    """One envelope of a budgets component, e.g. one per district."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    component = models.ForeignKey(
        "components.Component", on_delete=models.CASCADE, related_name="budgets"
    )
    title = models.CharField(_("title"), max_length=200)
    description = SanitizedHTMLField(_("description"), blank=True)
    total = models.DecimalField(_("amount"), **MONEY)
    scope = models.ForeignKey(
        "participation.Scope",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["component", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="budget_total_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.component.url("budget", pk=self.pk)


class Project(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("title"), max_length=300)
    description = SanitizedHTMLField(_("description"), blank=True)
    cost = models.DecimalField(_("cost"), **MONEY)
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
    # The project id of an imported Pabulib file, kept so an export round-trips.
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Checked-out ballots naming this project, kept by the ballot services with F().
    votes_count = models.PositiveIntegerField(_("votes"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Images and documents (participation.services.attachments); go with the project.
    attachments = GenericRelation("participation.Attachment")

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["budget", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=0), name="project_cost_not_negative"),
            models.UniqueConstraint(
                fields=["budget", "external_id"],
                condition=~Q(external_id=""),
                name="project_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.budget.component.url("project", pk=self.pk)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class BallotStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    CHECKED_OUT = "checked_out", _("Cast")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_BALLOT = Q(status__in=[BallotStatus.IN_PROGRESS, BallotStatus.CHECKED_OUT])


class Ballot(models.Model):
    """One person's choice of projects in one budget.

    ``voter_key`` names the person, not the account: the fingerprint of the
    verification the vote requires ("fp:<method>:<fingerprint>"), or the account
    ("user:<id>") when no verification is required, or "paper:<uuid>" for a paper
    ballot. The database allows one active ballot per person per budget, and, when
    the component lets each person vote in a single budget, one cast ballot per
    person per component (``exclusive_key`` is then the voter key, else null).
    """

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    component = models.ForeignKey(
        "components.Component", on_delete=models.CASCADE, related_name="+"
    )
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_ballots",
    )
    voter_key = models.CharField(max_length=120)
    exclusive_key = models.CharField(max_length=120, null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=BallotStatus.choices, default=BallotStatus.IN_PROGRESS
    )
    projects = models.ManyToManyField(Project, through="BallotLine", related_name="+")
    is_paper = models.BooleanField(_("paper ballot"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    checked_out_at = models.DateTimeField(_("cast on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "voter_key"],
                condition=ACTIVE_BALLOT,
                name="ballot_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["component", "exclusive_key"],
                condition=Q(status=BallotStatus.CHECKED_OUT),
                name="ballot_one_budget_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status=BallotStatus.IN_PROGRESS) | Q(checked_out_at__isnull=False),
                name="ballot_cast_has_date",
            ),
        ]
        indexes = [models.Index(fields=["budget", "status"], name="ballot_budget_status")]

    def __str__(self) -> str:
        return f"{self.budget} #{self.pk}"

    @property
    def is_cast(self) -> bool:
        return self.status == BallotStatus.CHECKED_OUT


class BallotLine(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="lines")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ballot_lines")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="ballot_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.project_id}"


# --- Back-office: published results ----------------------------------------


class BudgetResult(models.Model):
    """A budget's published outcome: counted once by ``counting_rule``, then frozen."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    budget = models.OneToOneField(Budget, on_delete=models.CASCADE, related_name="result")
    rule = models.CharField(_("counting rule"), max_length=20)
    ballots_count = models.PositiveIntegerField(_("ballots"), default=0)
    published_at = models.DateTimeField(_("published on"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.budget} ({self.rule})"


class ProjectResult(models.Model):
    """One project's place in its budget's published outcome."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="project_results")
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="result")
    # Rank by votes (ties: lower cost, then id), 1 first.
    rank = models.PositiveIntegerField(_("rank"))
    votes = models.PositiveIntegerField(_("votes"))
    # Order in which the counting rule selected it (None: not selected by the rule).
    selection_order = models.PositiveIntegerField(null=True, blank=True)
    counted_selected = models.BooleanField(default=False)
    # What is shown: the rule's decision, unless an admin overrode it with a reason.
    selected = models.BooleanField(_("selected"), default=False)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["budget", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "rank"], name="project_result_rank_once"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.rank}"

    @property
    def is_overridden(self) -> bool:
        return self.selected != self.counted_selected
