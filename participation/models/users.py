"""Participants, administrators and operators.

An account belongs to one organisation (the one whose host it signed up on):
the same e-mail address may hold separate accounts in two organisations.
Operators, who run the whole install from /system/, belong to none.
"""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.uploads import image_upload_to, validate_image


def new_username() -> str:
    """A technical, unguessable key: people never see or type it."""
    return uuid.uuid4().hex


ABOUT_MAX_LENGTH = 500


class OrganizationUserManager(UserManager):
    def of(self, organization):
        return self.get_queryset().filter(organization=organization)


class User(AbstractUser):
    # `username` stays Django's unique technical key; people sign in with their
    # e-mail within their organisation (see auth_backends).
    organization = models.ForeignKey(
        "participation.Organization",
        on_delete=models.CASCADE,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    nickname = models.SlugField(_("nickname"), max_length=40, blank=True)
    avatar = models.ImageField(
        _("avatar"), upload_to=image_upload_to, blank=True, validators=[validate_image]
    )
    # A short presentation shown on the public profile: plain text (never markup), the
    # line breaks kept (accounts.services.update_profile cleans it).
    about = models.TextField(
        _("about me"), blank=True, validators=[MaxLengthValidator(ABOUT_MAX_LENGTH)]
    )
    personal_url = models.URLField(
        _("personal website"), blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    is_org_admin = models.BooleanField(_("organisation administrator"), default=False)
    locale = models.CharField(_("language"), max_length=10, blank=True)

    objects = OrganizationUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("email"), name="user_email_unique_per_organization"
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(organization__isnull=True),
                name="operator_email_unique",
            ),
            models.UniqueConstraint(
                "organization",
                "nickname",
                condition=~Q(nickname=""),
                name="user_nickname_unique_per_organization",
            ),
        ]

    def __str__(self) -> str:
        # Never the e-mail address: this is how people are named wherever a page prints
        # an account, and an invited member may have neither name nor nickname yet.
        return self.name or self.nickname or self.anonymous_label

    @property
    def anonymous_label(self) -> str:
        if self.pk is None:
            return gettext("Anonymous participant")
        return gettext("Participant #%(number)s") % {"number": self.pk}

    @property
    def is_operator(self) -> bool:
        """Operators run the install: superusers that belong to no organisation."""
        return self.is_active and self.is_superuser and self.organization_id is None

    def is_admin_of(self, organization) -> bool:
        return (
            self.is_active
            and self.is_org_admin
            and organization is not None
            and self.organization_id == organization.pk
        )
