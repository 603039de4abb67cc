"""User groups of an organisation (a committee, a department) that can hold space roles."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserGroup(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="user_groups"
    )
    name = models.CharField(_("name"), max_length=150)
    # Django's Group is global; each organisation's group is backed by its own
    # Group row so django-guardian can grant it object permissions.
    auth_group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="user_group")
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
