"""The five kinds of participatory space, and the steps of a concertation."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.richtext import SanitizedHTMLField
from participation.uploads import image_upload_to, validate_image


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private, members only")
    TRANSPARENT = "transparent", _("Private but transparent (readable by all, open to members)")


class SpaceQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(organization=organization)

    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def listed(self):
        """What anonymous visitors may see: published, and public or transparent
        (``Space.is_listed`` says the same of one loaded space)."""
        return self.published().exclude(visibility=Visibility.PRIVATE)


class SpaceRole(models.TextChoices):
    """Per-space back-office roles, held as django-guardian object permissions.

    The value is the permission codename each concrete space model declares.
    """

    ADMIN = "admin_space", _("Space administrator")
    COLLABORATOR = "collaborate_space", _("Collaborator (read-only back-office)")
    MODERATOR = "moderate_space", _("Moderator")
    EVALUATOR = "evaluate_space", _("Evaluator")


class Space(models.Model):
    """What every participatory space has: its own URL, landing page, members, roles."""

    # Set by each concrete type: the URL segment (/processes/<slug>/).
    url_prefix = ""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Used in the address of the space.")
    )
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    short_description = SanitizedHTMLField(_("short description"), blank=True)
    description = SanitizedHTMLField(_("description"), blank=True)
    hero_image = models.ImageField(
        _("hero image"), upload_to=image_upload_to, blank=True, validators=[validate_image]
    )
    hero_image_alt = models.CharField(_("hero image description"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    promoted = models.BooleanField(_("promoted on the home page"), default=False)
    scope = models.ForeignKey(
        "spaces.Scope",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("The neighbourhood or theme this space is about, used to filter lists."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-promoted", "-start_date", "title"]
        permissions = SpaceRole.choices
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "slug"], name="%(app_label)s_%(class)s_unique_slug"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(f"spaces:detail-{self.url_prefix}", kwargs={"slug": self.slug})

    def is_listed(self, now=None) -> bool:
        """What ``SpaceQuerySet.listed`` selects, for a space already loaded (from a cache)."""
        now = now or timezone.now()
        return (
            self.published_at is not None
            and self.published_at <= now
            and self.visibility != Visibility.PRIVATE
        )

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})

    def has_member(self, user) -> bool:
        """An accepted member of this space (private spaces open to them)."""
        if not getattr(user, "is_authenticated", False):
            return False
        from spaces.models.membership import SpaceMember, space_content_type

        return SpaceMember.objects.filter(
            content_type=space_content_type(self),
            object_id=self.pk,
            user=user,
            accepted_at__isnull=False,
        ).exists()

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def period(self) -> str:
        today = timezone.localdate()
        if self.start_date and self.start_date > today:
            return "upcoming"
        if self.end_date and self.end_date < today:
            return "past"
        return "active"


class ParticipatoryProcess(Space):
    url_prefix = "processes"

    group = models.ForeignKey(
        "spaces.ProcessGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="processes",
        verbose_name=_("process group"),
    )
    process_type = models.ForeignKey(
        "spaces.ProcessType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="processes",
        verbose_name=_("type of concertation"),
    )

    class Meta(Space.Meta):
        verbose_name = _("concertation")
        verbose_name_plural = _("concertations")

    @property
    def active_step(self):
        # Uses the prefetched steps when the caller fetched them.
        return next((step for step in self.steps.all() if step.active), None)


class ProcessStep(models.Model):
    process = models.ForeignKey(
        ParticipatoryProcess, on_delete=models.CASCADE, related_name="steps"
    )
    title = models.CharField(_("title"), max_length=200)
    description = SanitizedHTMLField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=False)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process"], condition=Q(active=True), name="one_active_step_per_process"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Assembly(Space):
    url_prefix = "assemblies"

    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent assembly"),
    )
    purpose = SanitizedHTMLField(_("purpose"), blank=True)
    assembly_type = models.ForeignKey(
        "spaces.AssemblyType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assemblies",
        verbose_name=_("type of assembly"),
    )

    class Meta(Space.Meta):
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")


class Initiative(Space):
    url_prefix = "initiatives"

    signatures_required = models.PositiveIntegerField(_("signatures required"), default=0)

    class Meta(Space.Meta):
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")


class Votation(Space):
    url_prefix = "votations"

    class Meta(Space.Meta):
        verbose_name = _("votation")
        verbose_name_plural = _("votations")


class Conference(Space):
    url_prefix = "conferences"

    location = models.CharField(_("location"), max_length=255, blank=True)

    class Meta(Space.Meta):
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
