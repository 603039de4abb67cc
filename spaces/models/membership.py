"""Categories, members and invitations, attached to a space of any type.

Spaces are five concrete tables, so these rows point at them through a
content type and an object id (a generic relation) rather than five nullable
foreign keys: one table, one service, one query shape for every type. Each
row also carries its organisation, so tenancy filters never need a join.
Deleting a space deletes these rows in the space service.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def space_content_type(space_or_model) -> ContentType:
    return ContentType.objects.get_for_model(space_or_model)


class _SpaceAttached(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    space = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


class Category(_SpaceAttached):
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
        help_text=_("Leave empty for a main category; sub-categories go one level deep only."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "parent", "name"],
                name="category_unique_name_per_parent",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MemberPosition(models.TextChoices):
    MEMBER = "member", _("Member")
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice_president", _("Vice-president")
    SECRETARY = "secretary", _("Secretary")
    TREASURER = "treasurer", _("Treasurer")


class SpaceMember(_SpaceAttached):
    """A person who may enter a private space (and, for assemblies, its composition)."""

    user = models.ForeignKey(
        "participation.User", on_delete=models.CASCADE, related_name="space_memberships"
    )
    position = models.CharField(
        _("position"), max_length=20, choices=MemberPosition.choices, default=MemberPosition.MEMBER
    )
    invited_at = models.DateTimeField(_("invited at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["position", "invited_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="space_member_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class SpaceInvitation(_SpaceAttached):
    """A pending e-mailed invitation; only a hash of its token is stored."""

    email = models.EmailField(_("e-mail address"))
    position = models.CharField(
        _("position"), max_length=20, choices=MemberPosition.choices, default=MemberPosition.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        "participation.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-invited_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.email
