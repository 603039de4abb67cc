"""User groups of an organisation (a committee, a department) that can hold space roles.

Members are listed in ``UserGroupMembership`` (who, since when); the services keep the
group's django ``Group`` (``auth_group``, what django-guardian and the role checks read)
holding exactly the same people.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserGroup(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="user_groups"
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=2000,
        help_text=_("What the group does; its members read it on their account page."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("A public group has its own page, and people’s profiles show it."),
    )
    # Django's Group is global; each organisation's group is backed by its own
    # Group row so django-guardian can grant it object permissions.
    auth_group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="user_group")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="participation.UserGroupMembership",
        related_name="user_groups",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("user group")
        verbose_name_plural = _("user groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="user_group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class UserGroupMembership(models.Model):
    group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="user_group_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.group}"
