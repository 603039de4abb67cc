"""Personal-data exports: asked for by the person, built by a task, e-mailed as a link.

The link is unguessable (a random token, only its hash stored), single-user
(the download view also requires that very account, signed in on its own
organisation's host) and short-lived (PRIVACY_EXPORT_TTL_DAYS); the file is
deleted once expired by the ``purge_expired_exports`` task.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participation.errors import ServiceError
from participation.models import User
from participation.privacy import events
from participation.privacy.archive import build_archive
from participation.privacy.errors import PrivacyError
from participation.privacy.models import DataExport, ExportStatus, export_ttl
from participation.tenancy import organization_url

logger = logging.getLogger(__name__)
# A pending export older than this was lost (worker crash): the person may ask again.
STUCK_AFTER = timedelta(days=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _pending_error() -> ServiceError:
    return ServiceError(
        _("Your previous request is still being prepared: you will receive an e-mail shortly."),
        PrivacyError.EXPORT_PENDING,
    )


def request_export(*, user) -> DataExport:
    if not (user.is_authenticated and user.is_active and user.organization_id):
        raise ServiceError(_("Sign in to ask for your data."), PrivacyError.PERMISSION_DENIED)
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)  # two tabs, one request
        if DataExport.objects.filter(user=user, status=ExportStatus.PENDING).exists():
            raise _pending_error()
        try:
            with transaction.atomic():
                export = DataExport.objects.create(organization=user.organization, user=user)
        except IntegrityError as error:
            raise _pending_error() from error
        events.export_requested(
            organization=user.organization,
            actor=user,
            target=export,
        )
        from participation.outbox import services as outbox

        outbox.enqueue(
            task="privacy.build_export",
            payload={"export_id": export.pk},
            key=f"privacy.export:{export.pk}",
        )
    return export


def _send_link(export: DataExport, token: str) -> None:
    from participation.outbox.services import send_email

    user = export.user
    link = organization_url(export.organization, reverse("privacy:download", args=[token]))
    language = user.locale or export.organization.default_locale
    with translation.override(language):
        subject = _("Your personal data from %(name)s") % {"name": export.organization.name}
        body = _(
            "Hello,\n\nThe archive of your personal data is ready. Download it while signed in "
            "to your account:\n\n%(link)s\n\nThis link only works for you and expires on "
            "%(date)s; the file is then deleted.\n\nIf you did not ask for it, sign in and "
            "change your password."
        ) % {
            "link": link,
            "date": date_format(timezone.localtime(export.expires_at), "DATETIME_FORMAT"),
        }
    send_email(
        subject=subject, body=body, recipients=[user.email], key=f"privacy.export:{export.pk}"
    )


def build_export(*, export_id: int) -> DataExport | None:
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(of=("self",))
            .select_related("user__organization", "organization")
            .filter(pk=export_id, status=ExportStatus.PENDING)
            .first()
        )
        if export is None:  # already built (a retried task) or deleted with the account
            return None
        content = build_archive(export.user)
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        export.file.save("export.zip", ContentFile(content), save=False)
        export.token_hash = hash_token(token)
        export.status = ExportStatus.READY
        export.ready_at, export.expires_at = now, now + export_ttl()
        export.save()
        _send_link(export, token)  # through the outbox, in this transaction
    return export


def mark_failed(*, export_id: int) -> None:
    DataExport.objects.filter(pk=export_id, status=ExportStatus.PENDING).update(
        status=ExportStatus.FAILED
    )


def downloadable_export(*, user, organization, token: str) -> DataExport | None:
    """The export this token opens for *this* account on *this* organisation, or None."""
    if not token or not user.is_authenticated:
        return None
    return (
        DataExport.objects.filter(
            token_hash=hash_token(token), user=user, organization=organization
        )
        .exclude(status=ExportStatus.PENDING)
        .first()
    )


def mark_downloaded(*, user, export: DataExport) -> DataExport:
    if export.user_id != user.pk or export.is_expired:
        raise ServiceError(_("This link has expired."), PrivacyError.PERMISSION_DENIED)
    with transaction.atomic():
        first_time = export.downloaded_at is None
        export.downloaded_at = timezone.now()
        export.save(update_fields=["downloaded_at"])
        if first_time:
            events.export_downloaded(
                organization=export.organization,
                actor=user,
                target=export,
            )
    return export


def delete_export_file(export: DataExport) -> None:
    from participation.outbox.services import delete_file_later

    delete_file_later(field_file=export.file)  # after the commit, through the outbox


def purge_expired_exports(*, now=None) -> int:
    """Delete the files of expired exports; give up on exports stuck for a day.

    The token hash stays, so an old link still opens a clear "expired" page.
    """
    now = now or timezone.now()
    count = 0
    expired = DataExport.objects.filter(status=ExportStatus.READY, expires_at__lte=now)
    for export in expired.iterator():
        with transaction.atomic():
            delete_export_file(export)
            export.file = ""
            export.status = ExportStatus.EXPIRED
            export.save(update_fields=["file", "status"])
        count += 1
    stuck = DataExport.objects.filter(
        status=ExportStatus.PENDING, created_at__lte=now - STUCK_AFTER
    )
    stuck.update(status=ExportStatus.FAILED)
    if count:
        logger.info("Purged %s expired personal-data exports", count)
    return count
