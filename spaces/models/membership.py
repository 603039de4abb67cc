"""Members and invitations, attached to a space of any type (categories are the core's:
``participation.models.Category``).

Every space of any type is a row of the core's ``Space`` table, so these rows
point at it with a foreign key: deleting a space deletes them in the database.
Each row also carries its organisation, so tenancy filters never need a join.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.models.spaces import SpaceForeignKey


class _SpaceAttached(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    # Answers the space as its own type (a ParticipatoryProcess...).
    space = SpaceForeignKey(
        "participation.Space", on_delete=models.CASCADE, related_name="%(class)s_set"
    )

    class Meta:
        abstract = True


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
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="space_member_unique")
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

    def __str__(self) -> str:
        return self.email
