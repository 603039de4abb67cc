"""Serving user files: every request checked, nothing a browser could execute.

User files are never served by a static file handler on the platform's origin. A
``/media/<name>`` request is answered by ``serve_media``, which:

1. finds the row that owns the file among the models declared as owners (components
   in their manifest's ``media``, built with ``media_owner``; the core and ``spaces``
   with ``register_media``; the model's label is part of every stored name), filtered by
   the organisation of the request's host: another organisation's files are a 404.
   Attachments (``participation.models.Attachment``) are the core's: their owner is
   the object they are attached to, declared with ``participation.attachments``;
2. asks that registration whether the visitor may see the row (space visibility and
   private membership, published / hidden / draft state, as the app has it): a 404
   otherwise, so a member who left, a hidden item or another person's draft stops
   being reachable at once;
3. answers with the content type of the stored (detected) type, ``X-Content-Type-
   Options: nosniff``, ``Content-Security-Policy: default-src 'none'; sandbox``, and
   ``Content-Disposition: attachment`` unless the file is a raster image whose bytes
   decode as its type (then ``inline``, for ``<img>`` tags).

The bytes are sent by Django (development), by the web server (``MEDIA_DELIVERY``:
``x-accel-redirect`` for nginx, ``x-sendfile`` for Apache/lighttpd), or, with object
storage, by a short-lived signed URL on the bucket's own domain (a redirect).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Model, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from participation import uploads

SANDBOX_CSP = "default-src 'none'; sandbox"


@dataclass(frozen=True)
class MediaOwner:
    model: type[Model]
    fields: tuple[str, ...]
    can_view: Callable[[Any, Any], bool]  # (request, row) -> bool
    organization_lookup: str
    select_related: tuple[str, ...] = ()
    label: Callable[[Any], str] | None = None  # row -> the download's display name


_owners: dict[str, list[MediaOwner]] = {}


def media_owner(
    model: type[Model],
    *fields: str,
    can_view: Callable[[Any, Any], bool],
    organization_lookup: str = "organization_id",
    select_related: tuple[str, ...] = (),
    label: Callable[[Any], str] | None = None,
) -> MediaOwner:
    """The declaration that ``model``'s file ``fields`` are served to whom ``can_view``
    allows (for a manifest's ``media``)."""
    return MediaOwner(
        model=model,
        fields=tuple(fields),
        can_view=can_view,
        organization_lookup=organization_lookup,
        select_related=select_related,
        label=label,
    )


def register_media(model: type[Model], *fields: str, **declaration) -> MediaOwner:
    """For the core's and spaces' own files; components declare theirs in their manifest."""
    owner = media_owner(model, *fields, **declaration)
    owners = _owners.setdefault(model._meta.label_lower, [])
    owners[:] = [o for o in owners if o.fields != owner.fields] + [owner]
    return owner


def _owners_by_label() -> dict[str, list[MediaOwner]]:
    """The core's, then every component manifest's, by model label."""
    from participation.components.registry import declared

    merged = {label: list(owners) for label, owners in _owners.items()}
    for owner in declared("media"):
        owners = merged.setdefault(owner.model._meta.label_lower, [])
        owners[:] = [o for o in owners if o.fields != owner.fields] + [owner]
    return merged


def registered_owners() -> list[MediaOwner]:
    return [owner for owners in _owners_by_label().values() for owner in owners]


def _valid_name(name: str) -> bool:
    parts = name.split("/")
    return (
        bool(name)
        and "\\" not in name
        and "\x00" not in name
        and not name.startswith("/")
        and all(part not in ("", ".", "..") for part in parts)
    )


def find_owner(name: str, organization) -> tuple[MediaOwner | None, Any]:
    """The registration and the row of ``organization`` that hold the file ``name``."""
    parts = name.split("/")
    # images/<organisation>/<app.model>/<random>.<ext>; older names lack the label.
    label = parts[2] if len(parts) == 4 else None
    by_label = _owners_by_label()
    candidates = by_label[label] if label in by_label else registered_owners()
    for owner in candidates:
        condition = Q()
        for name_field in owner.fields:
            condition |= Q(**{name_field: name})
        row = (
            owner.model._default_manager.filter(condition)
            .filter(**{owner.organization_lookup: organization.pk})
            .select_related(*owner.select_related)
            .first()
        )
        if row is not None:
            return owner, row
    return None, None


@require_safe
def serve_media(request, path: str):
    organization = getattr(request, "organization", None)
    if organization is None or not _valid_name(path):
        raise Http404
    owner, row = find_owner(path, organization)
    if row is None or not owner.can_view(request, row):
        raise Http404
    label = owner.label(row) if owner.label else ""
    return media_response(path, label=label)


def _download_name(name: str, label: str) -> str:
    """The display label with the stored (detected) extension: ``plan.html`` holding a GIF
    downloads as ``plan.gif``."""
    extension = name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else "bin"
    stem = (label or "").rsplit(".", 1)[0].strip() or "file"
    return f"{stem[:150]}.{extension}"


def _bytes_match(storage, name: str, content_type: str) -> bool:
    """The stored bytes decode as the raster type the name says (names stored before
    types were detected may lie)."""
    try:
        with storage.open(name, "rb") as handle:
            return uploads.detect_type(handle, uploads.RASTER_TYPES) == content_type
    except (OSError, ValueError):
        return False


def protect(response: HttpResponse) -> HttpResponse:
    """The headers every user file is answered with."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=300"
    return response


def media_response(name: str, *, label: str = "", storage=None) -> HttpResponse:
    storage = storage or default_storage
    content_type = uploads.content_type_for(name)
    inline = uploads.is_inline(name)
    try:
        path = storage.path(name)
    except NotImplementedError:
        path = None  # object storage
    if inline and path is not None and not _bytes_match(storage, name, content_type):
        content_type, inline = "application/octet-stream", False
    disposition = content_disposition_header(not inline, _download_name(name, label))
    if path is None:
        # Object storage on its own domain: a signed URL valid a few minutes, with the
        # type and disposition decided here.
        sign = getattr(storage, "signed_url", None) or storage.url
        url = sign(
            name,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": disposition,
            },
        )
        return protect(HttpResponseRedirect(url))
    delivery = settings.MEDIA_DELIVERY
    if delivery == "django":
        try:
            handle = storage.open(name, "rb")
        except OSError as error:
            raise Http404 from error
        response = FileResponse(handle, content_type=content_type)
    else:
        if not storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        if delivery == "x-accel-redirect":
            prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX.rstrip("/")
            response["X-Accel-Redirect"] = f"{prefix}/{quote(name)}"
        else:  # x-sendfile
            response["X-Sendfile"] = path
    response["Content-Disposition"] = disposition
    return protect(response)


def same_organization(request, row) -> bool:
    return getattr(row, "organization_id", None) == request.organization.pk


def _avatar_visible(request, person) -> bool:
    """A person's avatar: to everyone while their profile is public (active, not
    deleted, not hidden by moderation); otherwise only to the organisation's
    administrators and moderators, who moderate people."""
    from participation.accounts.selectors import profile_is_public
    from participation.moderation.permissions import may_moderate_something

    if not same_organization(request, person):
        return False
    if profile_is_public(person):
        return True
    return may_moderate_something(request.user, request.organization)


def register_core() -> None:
    from participation.attachments import can_view_attachment
    from participation.models import Attachment, Organization, User

    register_media(
        Organization,
        "logo",
        "favicon",
        can_view=lambda request, row: row.pk == request.organization.pk,
        organization_lookup="pk",
    )
    register_media(
        User,
        "avatar",
        can_view=_avatar_visible,
    )
    # Files of proposals, projects, blocks, spaces: whoever sees what they are attached to.
    register_media(
        Attachment,
        "file",
        can_view=can_view_attachment,
        label=lambda attachment: attachment.original_name,
    )
