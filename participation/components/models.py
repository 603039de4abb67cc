"""A component mounted in a space: its type (a registered manifest) and its configuration."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.components import registry
from participation.components.predicates import ActionContext
from participation.models.spaces import SpaceForeignKey

# Key of the step settings used by spaces that have no steps (assemblies, conferences...).
DEFAULT_STEP = "default"


class ComponentQuerySet(models.QuerySet):
    def of_space(self, space):
        """Components of ``space`` (a space of any type: its id is the ``Space`` row's)."""
        return self.filter(organization_id=space.organization_id, space_id=space.pk)

    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())


class Component(models.Model):
    """One feature (a blog, pages, proposals...) mounted in one space.

    The space is a row of the one ``Space`` table (any type): deleting a space
    deletes its components in the database. ``organization`` repeats the
    space's, so tenancy filters need no join; ``set_space`` keeps them equal.
    """

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    space = SpaceForeignKey(
        "participation.Space",
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("space"),
    )
    manifest_name = models.CharField(_("component type"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    # {"<step id>" or "default": {setting: value}}
    step_settings = models.JSONField(_("step settings"), default=dict, blank=True)
    # {"<action>": {"verifications": ["<method>", ...]}}
    permissions = models.JSONField(_("permissions"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComponentQuerySet.as_manager()

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["position", "id"]
        indexes = [
            models.Index(
                fields=["organization", "space", "position"],
                name="component_space_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The database cannot compare the two organisations; the loaded space can (no query).
        if self._meta.get_field("space").is_cached(self):
            self._check_organization(self.space)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            f"components:public-{self.space_type}",
            kwargs={"slug": self.space.slug, "component_id": self.pk},
        )

    # --- Type and space -------------------------------------------------------------

    @property
    def manifest(self):
        return registry.get(self.manifest_name)

    @property
    def space_type(self) -> str:
        """The URL segment of the space's type (load with ``select_related("space")``)."""
        return self.space.space_type

    def set_space(self, space) -> None:
        """Attach a space (of its own type: it is what ``component.space`` then answers).

        A component lives in its own organisation's spaces only.
        """
        if self.organization_id is None:
            self.organization_id = space.organization_id
        self._check_organization(space)
        self.space = space

    def _check_organization(self, space) -> None:
        if self.organization_id != space.organization_id:
            raise ValueError("A component belongs to a space of its own organisation.")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

    # --- Settings -----------------------------------------------------------------

    @property
    def typed_settings(self):
        return self.manifest.settings.read(self.settings)

    def step_settings_for(self, step_key):
        return self.manifest.step_settings.read(self.step_settings.get(str(step_key)))

    def active_step_settings(self, space=None):
        space = (space or self.space).specific
        if not hasattr(space, "steps"):
            return self.step_settings_for(DEFAULT_STEP)
        step = space.active_step
        # A concertation with no active step (between steps, or not started) allows nothing
        # the steps gate: its settings are the declared defaults.
        return self.step_settings_for(step.pk if step else DEFAULT_STEP)

    def required_verifications(self, action: str) -> list[str]:
        entry = self.permissions.get(action) or {}
        methods = entry.get("verifications") or []
        return [m for m in methods if isinstance(m, str)]

    # --- Actions --------------------------------------------------------------------

    def can(self, user, action: str, *, space=None) -> bool:
        """Whether ``user`` may perform ``action`` here now (unknown actions: never)."""
        declared = self.manifest.actions.get(action)
        if declared is None or not self.is_published:
            return False
        context = ActionContext(user=user, component=self, space=space or self.space, action=action)
        return declared.rule(context)

    # --- URLs ---------------------------------------------------------------------------

    def get_admin_url(self) -> str:
        return reverse(
            "spaces_backoffice:components:edit",
            kwargs={
                "space_type": self.space_type,
                "slug": self.space.slug,
                "component_id": self.pk,
            },
        )

    def url(self, name: str, *args, **kwargs) -> str:
        """A URL of the component's own public URLconf, under this component."""
        return self._mounted(self.get_absolute_url(), self.manifest.public_urls, name, args, kwargs)

    def admin_url(self, name: str, *args, **kwargs) -> str:
        """A URL of the component's own admin URLconf, under .../components/<id>/manage/."""
        base = reverse(
            "spaces_backoffice:components:manage",
            kwargs={
                "space_type": self.space_type,
                "slug": self.space.slug,
                "component_id": self.pk,
            },
        )
        return self._mounted(base, self.manifest.admin_urls, name, args, kwargs)

    @staticmethod
    def _mounted(base: str, urlconf: str | None, name: str, args, kwargs) -> str:
        if urlconf is None:
            return base
        inner = reverse(name, urlconf=urlconf, args=args, kwargs=kwargs)
        return base + inner.lstrip("/")
