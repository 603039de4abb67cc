"""The one table every participatory space shares, whatever its type.

A concertation, an assembly, a petition... is one row here (its type in
``space_type``, the URL segment it is served under) plus one row of its own
type's table in ``spaces`` (multi-table inheritance: ``ParticipatoryProcess``
is a ``Space``). Components, categories, members, roles, moderation and files
point here with real foreign keys, so deleting a space cascades in the
database and one query covers every type.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from participation.richtext import SanitizedHTMLField
from participation.uploads import image_upload_to, validate_image


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private, members only")
    TRANSPARENT = "transparent", _("Private but transparent (readable by all, open to members)")


class SpaceRole(models.TextChoices):
    """Per-space back-office roles, held as django-guardian object permissions.

    The value is the permission codename ``Space`` declares; the permissions are
    stored against the base ``Space`` whatever the type (``guardian_content_type``).
    """

    ADMIN = "admin_space", _("Space administrator")
    COLLABORATOR = "collaborate_space", _("Collaborator (read-only back-office)")
    MODERATOR = "moderate_space", _("Moderator")
    EVALUATOR = "evaluate_space", _("Evaluator")


class SpaceQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(organization=organization)

    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def listed(self):
        """What anonymous visitors may see: published, and public or transparent
        (``Space.is_listed`` says the same of one loaded space)."""
        return self.published().exclude(visibility=Visibility.PRIVATE)

    def of_type(self, space_type: str):
        return self.filter(space_type=space_type)


class Space(models.Model):
    """What every participatory space has: its own URL, landing page, members, roles."""

    # Set by each type's model (the URL segment, e.g. "processes"); copied into
    # ``space_type`` when an instance is built.
    SPACE_TYPE = ""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    space_type = models.CharField(_("space type"), max_length=30, editable=False)
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
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("participatory space")
        verbose_name_plural = _("participatory spaces")
        ordering = ["-promoted", "-start_date", "title"]
        permissions = SpaceRole.choices
        constraints = [
            # Addresses are /<space type>/<slug>/: a slug is unique within its type.
            models.UniqueConstraint(
                fields=["organization", "space_type", "slug"], name="space_unique_slug"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="space_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["organization", "space_type"], name="space_by_type")]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A new instance of a type takes its key; reading ``__dict__`` leaves a deferred
        # ``space_type`` (``.only(...)``) unloaded rather than querying for it.
        if self.SPACE_TYPE and self.__dict__.get("space_type") == "":
            self.space_type = self.SPACE_TYPE

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(f"spaces:detail-{self.space_type}", kwargs={"slug": self.slug})

    @property
    def url_prefix(self) -> str:
        """The URL segment of the type (``space_type``), under its older name."""
        return self.space_type

    @cached_property
    def specific(self) -> "Space":
        """This space as an instance of its own type (one query when loaded as a base row)."""
        from participation.space_types import SPACE_TYPES

        kind = SPACE_TYPES.get(self.space_type)
        if kind is None or isinstance(self, kind.model):
            return self
        # Loaded along with the base row (``select_related(<type's model name>)``)?
        loaded = self._state.fields_cache.get(kind.model._meta.model_name)
        if loaded is not None:
            return loaded
        return kind.model.objects.get(pk=self.pk)

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
        from participation.spaces import is_member

        return is_member(user, self)

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


class _SpecificSpaceDescriptor(ForwardManyToOneDescriptor):
    """``row.space`` answers the space as its own type (a ``ParticipatoryProcess``...), in
    one query: the base row and its type's row together."""

    def get_queryset(self, **hints):
        from participation.space_types import SPACE_TYPES

        names = [kind.model._meta.model_name for kind in SPACE_TYPES.values()]
        return super().get_queryset(**hints).select_related(*names)

    def __get__(self, instance, cls=None):
        space = super().__get__(instance, cls)
        if instance is None or space is None:
            return space
        return space.specific


class SpaceForeignKey(models.ForeignKey):
    """A foreign key to ``Space`` whose attribute gives the space as its own type."""

    forward_related_accessor_class = _SpecificSpaceDescriptor

    def deconstruct(self):
        # A plain foreign key to migrations: the difference is only in Python.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ForeignKey", args, kwargs


# Roles held on a space, with real foreign keys (django-guardian "direct" permission
# tables): they go with the space in the database, and one query answers for any type.
class SpaceUserPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="user_roles")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("space role of a person")
        verbose_name_plural = _("space roles of people")


class SpaceGroupPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="group_roles")

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("space role of a group")
        verbose_name_plural = _("space roles of groups")


def guardian_content_type(obj) -> ContentType:
    """settings.GUARDIAN_GET_CONTENT_TYPE: a space of any type holds its roles as a ``Space``
    (the permissions and the direct tables above are the base model's)."""
    model = obj if isinstance(obj, type) else type(obj)
    if issubclass(model, Space):
        model = Space
    return ContentType.objects.get_for_model(model)
