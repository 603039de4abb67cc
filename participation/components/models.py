"""A component mounted in a space: its type (a registered manifest) and its configuration."""

from functools import cached_property

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.components import registry
from participation.components.predicates import ActionContext

# Key of the step settings used by spaces that have no steps (assemblies, conferences...).
DEFAULT_STEP = "default"


class ComponentQuerySet(models.QuerySet):
    def of_space(self, space):
        """Components of ``space``; the space type key plus id, no content-type lookup."""
        return self.filter(
            organization_id=space.organization_id,
            space_type=space.url_prefix,
            space_id=space.pk,
        )

    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())


class Component(models.Model):
    """One feature (a blog, pages, proposals...) mounted in one space.

    The space is referenced by its type key (the URL segment of
    ``spaces.types.SPACE_TYPES``) and id rather than a GenericForeignKey: the
    key is what public and admin URLs carry already, the set of space types is
    closed, and listing a space's components stays one query with no
    ContentType lookup. Deleting a space deletes its components (receivers.py:
    there is no foreign key to cascade along).
    """

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    space_type = models.CharField(_("space type"), max_length=30)
    space_id = models.PositiveBigIntegerField(_("space id"))
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
                fields=["organization", "space_type", "space_id", "position"],
                name="component_space_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            f"components:public-{self.space_type}",
            kwargs={"slug": self.space.slug, "component_id": self.pk},
        )

    # --- Type and space -------------------------------------------------------------

    @property
    def manifest(self):
        return registry.get(self.manifest_name)

    @cached_property
    def space(self):
        from spaces.types import SPACE_TYPES

        return SPACE_TYPES[self.space_type].model.objects.get(
            organization_id=self.organization_id, pk=self.space_id
        )

    def set_space(self, space) -> None:
        """Attach an already-loaded space (saves the query when the caller has it)."""
        self.space_type, self.space_id = space.url_prefix, space.pk
        self.__dict__["space"] = space

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
        space = space or self.space
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
