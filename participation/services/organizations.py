"""Creating and editing organisations (operators only) and inviting their first admin."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from participation import events
from participation.action_log import diff
from participation.errors import ErrorCode, ServiceError
from participation.models import Organization, SecondaryHost, User
from participation.models.users import new_username
from participation.outbox.services import send_email
from participation.tenancy import hosts_changed, organization_url

EDITABLE_FIELDS = (
    "name",
    "host",
    "description",
    "primary_color",
    "secondary_color",
    "default_locale",
    "available_locales",
    "time_zone",
    "sign_in_methods",
)


@dataclass(frozen=True)
class Invitation:
    user: User
    url: str


def _check_operator(actor: User | None) -> None:
    # actor=None is the command line, run by whoever administers the server.
    if actor is not None and not actor.is_operator:
        raise ServiceError(
            _("Only operators can manage organisations."), ErrorCode.PERMISSION_DENIED
        )


def _normalise_hosts(hosts: Iterable[str]) -> list[str]:
    return sorted({h.strip().lower().rstrip(".") for h in hosts if h and h.strip()})


def _check_hosts_free(
    *, host: str, secondary_hosts: list[str], organization: Organization | None = None
) -> None:
    if host in secondary_hosts:
        raise ServiceError(
            _("The primary host cannot also be a secondary host."),
            ErrorCode.HOST_TAKEN,
            field="secondary_hosts",
        )
    system_host = settings.SYSTEM_HOST
    if system_host and system_host in (host, *secondary_hosts):
        raise ServiceError(
            _("This host name is the operator console's; choose another one."),
            ErrorCode.HOST_TAKEN,
            field="host" if host == system_host else "secondary_hosts",
        )
    others = Organization.objects.all()
    if organization is not None:
        others = others.exclude(pk=organization.pk)
    taken_primary = others.filter(host__in=[host, *secondary_hosts]).values_list("host", flat=True)
    taken_secondary = (
        SecondaryHost.objects.filter(hostname__in=[host, *secondary_hosts])
        .exclude(organization=organization)
        .values_list("hostname", flat=True)
    )
    taken = sorted(set(taken_primary) | set(taken_secondary))
    if taken:
        field = "host" if host in taken else "secondary_hosts"
        raise ServiceError(
            _("Already used by another organisation: %(hosts)s."),
            ErrorCode.HOST_TAKEN,
            params={"hosts": ", ".join(taken)},
            field=field,
        )


def _validated(organization: Organization) -> None:
    organization.full_clean(validate_unique=True)


def _set_secondary_hosts(organization: Organization, hosts: list[str]) -> None:
    organization.secondary_hosts.exclude(hostname__in=hosts).delete()
    existing = set(organization.secondary_hosts.values_list("hostname", flat=True))
    for hostname in hosts:
        if hostname not in existing:
            secondary = SecondaryHost(organization=organization, hostname=hostname)
            secondary.full_clean(exclude=["organization"])
            secondary.save()


@transaction.atomic
def create_organization(
    *,
    actor: User | None,
    name: str,
    host: str,
    admin_email: str,
    admin_name: str = "",
    secondary_hosts: Iterable[str] = (),
    logo: UploadedFile | None = None,
    favicon: UploadedFile | None = None,
    admin_password: str | None = None,
    **fields: Any,
) -> tuple[Organization, Invitation]:
    """A new organisation and its administrator, invited by e-mail to choose a password;
    ``admin_password`` (the demo) sets it instead, and no invitation is sent."""
    _check_operator(actor)
    host = host.strip().lower().rstrip(".")
    secondary = _normalise_hosts(secondary_hosts)
    _check_hosts_free(host=host, secondary_hosts=secondary)
    if Organization.objects.filter(name__iexact=name.strip()).exists():
        raise ServiceError(
            _("An organisation with this name already exists."), ErrorCode.NAME_TAKEN, field="name"
        )
    organization = Organization(name=name.strip(), host=host, **fields)
    _validated(organization)
    organization.save()
    if logo or favicon:
        # Files are stored once the organisation has an id, in its own folder.
        organization.logo = logo or ""
        organization.favicon = favicon or ""
        organization.full_clean()
        organization.save(update_fields=["logo", "favicon"])
    _set_secondary_hosts(organization, secondary)
    hosts_changed()  # a host remembered as unknown now answers
    invitation = invite_admin(
        organization=organization, email=admin_email, name=admin_name, password=admin_password
    )
    events.created(
        organization=organization,
        actor=actor,
        target=organization,
        changes={"host": host, "secondary_hosts": secondary, "admin": admin_email},
    )
    return organization, invitation


@transaction.atomic
def update_organization(
    *,
    actor: User | None,
    organization: Organization,
    secondary_hosts: Iterable[str] | None = None,
    logo: UploadedFile | None = None,
    favicon: UploadedFile | None = None,
    **fields: Any,
) -> Organization:
    _check_operator(actor)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = {field: getattr(organization, field) for field in EDITABLE_FIELDS}
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields."), ErrorCode.INVALID)
    for field, value in fields.items():
        setattr(organization, field, value)
    organization.host = organization.host.strip().lower().rstrip(".")
    secondary = (
        _normalise_hosts(secondary_hosts)
        if secondary_hosts is not None
        else list(organization.secondary_hosts.values_list("hostname", flat=True))
    )
    _check_hosts_free(host=organization.host, secondary_hosts=secondary, organization=organization)
    if logo is not None:
        organization.logo = logo
    if favicon is not None:
        organization.favicon = favicon
    _validated(organization)
    organization.save()
    _set_secondary_hosts(organization, secondary)
    hosts_changed()  # every cached host answer carries the organisation's fields
    after = {field: getattr(organization, field) for field in EDITABLE_FIELDS}
    events.updated(
        organization=organization,
        actor=actor,
        target=organization,
        changes=diff(before, after),
    )
    return organization


def invite_admin(
    *, organization: Organization, email: str, name: str = "", password: str | None = None
) -> Invitation:
    """Create (or promote) the organisation's administrator and e-mail a link to set a
    password, or set ``password`` and send nothing (the demo's administrator has one)."""
    email = User.objects.normalize_email(email.strip())
    user = User.objects.filter(organization=organization, email__iexact=email).first()
    if user is None:
        user = User(
            organization=organization,
            email=email,
            name=name,
            username=new_username(),
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password", "username"])
    user.is_org_admin = True
    if password is not None:
        user.set_password(password)
        user.save()
        return Invitation(user=user, url="")
    user.save()
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("participation:invitation", kwargs={"uidb64": uid, "token": token})
    url = organization_url(organization, path)
    with translation.override(user.locale or organization.default_locale):
        subject = _("You are invited to administer %(name)s") % {"name": organization.name}
        message = _(
            "Hello,\n\nYou are now an administrator of %(name)s on Décidons.\n"
            "Choose your password here (the link works once, for three days):\n%(url)s\n"
        ) % {"name": organization.name, "url": url}
    send_email(subject=subject, body=message, recipients=[email])  # outbox: sent after commit
    return Invitation(user=user, url=url)


# What an organisation's own administrators may change (host names, sign-in methods and
# languages offered stay with the operator, who runs the servers and the providers).
APPEARANCE_FIELDS = ("description", "primary_color", "secondary_color", "default_locale")


def _check_org_admin(actor: User, organization: Organization) -> None:
    if not (actor.is_operator or actor.is_admin_of(organization)):
        raise ServiceError(
            _("Only administrators of this organisation can do this."),
            ErrorCode.PERMISSION_DENIED,
        )


@transaction.atomic
def update_appearance(
    *,
    actor: User,
    organization: Organization,
    data: dict[str, Any],
    logo: UploadedFile | None = None,
    favicon: UploadedFile | None = None,
    remove_logo: bool = False,
    remove_favicon: bool = False,
) -> Organization:
    """Logo, favicon, colours, default language and description, by the organisation's
    administrators. Everything is checked (colour contrast, a language the organisation
    offers) before anything is saved."""
    _check_org_admin(actor, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    unknown = set(data) - set(APPEARANCE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields."), ErrorCode.INVALID)
    before = {field: getattr(organization, field) for field in APPEARANCE_FIELDS}
    before_files = {"logo": organization.logo.name, "favicon": organization.favicon.name}
    for field, value in data.items():
        setattr(organization, field, value)
    if remove_logo:
        organization.logo = ""
    elif logo is not None:
        organization.logo = logo
    if remove_favicon:
        organization.favicon = ""
    elif favicon is not None:
        organization.favicon = favicon
    _validated(organization)
    organization.save()
    hosts_changed()  # colours, logo and languages travel with the cached host answer
    after = {field: getattr(organization, field) for field in APPEARANCE_FIELDS}
    changes = diff(before, after)
    for name, old in before_files.items():
        new = getattr(organization, name).name
        if new != old:
            changes[name] = [old or None, new or None]
    events.appearance_updated(
        organization=organization, actor=actor, target=organization, changes=changes
    )
    return organization
