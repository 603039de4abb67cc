"""Newsletters: organisation admins write, preview, test, then send to consenting people."""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participation.errors import ErrorCode, ServiceError
from participation.models import Scope
from participation.notifications import events
from participation.notifications.models import (
    Follow,
    Newsletter,
    NewsletterAudience,
    NewsletterDelivery,
    NewsletterStatus,
)
from participation.outbox import services as outbox
from participation.tenancy import organization_url

FIELDS = ("title", "body", "audience", "spaces", "scopes")


def space_choices(organization) -> list[tuple[str, str]]:
    """Every space of the organisation as ("<type>:<id>", label): one query per space type."""
    from participation.space_types import SPACE_TYPES

    choices = []
    for key, space_type in SPACE_TYPES.items():
        for pk, title in space_type.model.objects.of(organization).values_list("pk", "title"):
            choices.append((f"{key}:{pk}", f"{space_type.label} · {title}"))
    return choices


def scope_choices(organization) -> list[tuple[str, str]]:
    """Every area of the organisation as (id, "Larger area › area"): one query."""
    scopes = Scope.objects.filter(organization=organization).select_related("parent")
    choices = [
        (str(scope.pk), f"{scope.parent.title} › {scope.title}" if scope.parent else scope.title)
        for scope in scopes
    ]
    return sorted(choices, key=lambda choice: choice[1].casefold())


def _check(actor, organization) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.is_admin_of(organization)):
        raise ServiceError(
            _("Only the organisation's administrators send newsletters."),
            ErrorCode.PERMISSION_DENIED,
        )


def _check_draft(newsletter: Newsletter) -> None:
    if newsletter.status != NewsletterStatus.DRAFT:
        raise ServiceError(_("This newsletter was already sent."), ErrorCode.INVALID)


def _scope_ids(values) -> list[int]:
    ids = []
    for value in values or []:
        if isinstance(value, bool) or not str(value).isdigit():
            raise ServiceError(_("Choose areas from the list."), ErrorCode.INVALID, field="scopes")
        ids.append(int(value))
    return sorted(set(ids))


def _validate(newsletter: Newsletter) -> None:
    known = {key for key, _label in space_choices(newsletter.organization)}
    if set(newsletter.spaces) - known:
        raise ServiceError(_("Choose a value from the list."), ErrorCode.INVALID, field="spaces")
    newsletter.scopes = _scope_ids(newsletter.scopes)
    if newsletter.scopes:
        known_scopes = set(
            Scope.objects.filter(
                organization_id=newsletter.organization_id, pk__in=newsletter.scopes
            ).values_list("pk", flat=True)
        )
        if set(newsletter.scopes) - known_scopes:
            raise ServiceError(
                _("Choose areas of this organisation from the list."),
                ErrorCode.INVALID,
                field="scopes",
            )
    if newsletter.audience == NewsletterAudience.PARTICIPANTS and not (
        newsletter.spaces or newsletter.scopes
    ):
        raise ServiceError(
            _("Choose at least one space or one area whose participants receive it."),
            ErrorCode.INVALID,
            field="spaces",
        )
    if newsletter.audience == NewsletterAudience.FOLLOWERS and not newsletter.spaces:
        raise ServiceError(
            _("Choose at least one space whose followers receive it."),
            ErrorCode.INVALID,
            field="spaces",
        )
    newsletter.full_clean(exclude=["organization", "created_by"])


@transaction.atomic
def save_newsletter(*, actor, organization, data: dict, newsletter: Newsletter | None = None):
    _check(actor, organization)
    if newsletter is None:
        newsletter = Newsletter(organization=organization, created_by=actor)
    else:
        newsletter = Newsletter.objects.select_for_update().get(
            pk=newsletter.pk, organization=organization
        )
        _check_draft(newsletter)
    for name in FIELDS:
        if name in data:
            setattr(newsletter, name, data[name])
    if newsletter.audience == NewsletterAudience.EVERYONE:
        newsletter.spaces = []
    if newsletter.audience != NewsletterAudience.PARTICIPANTS:
        newsletter.scopes = []
    _validate(newsletter)
    newsletter.save()
    events.newsletter_saved(organization=organization, actor=actor, target=newsletter)
    return newsletter


def recipients(newsletter: Newsletter) -> QuerySet:
    """Ids of the people who receive it: active, of this organisation, who consented."""
    from participation.models import User
    from participation.space_types import SPACE_TYPES

    users = User.objects.filter(
        organization_id=newsletter.organization_id,
        is_active=True,
        newsletter_consent__consented_at__isnull=False,
    )
    if newsletter.audience == NewsletterAudience.FOLLOWERS:
        from django.contrib.contenttypes.models import ContentType

        wanted = Q(pk__in=[])
        for value in newsletter.spaces:
            key, _sep, pk = value.partition(":")
            if key in SPACE_TYPES and pk.isdigit():
                content_type = ContentType.objects.get_for_model(SPACE_TYPES[key].model)
                wanted |= Q(content_type=content_type, object_id=int(pk))
        followers = Follow.objects.filter(
            wanted, organization_id=newsletter.organization_id
        ).values("user_id")
        users = users.filter(pk__in=followers)
    elif newsletter.audience == NewsletterAudience.PARTICIPANTS:
        users = users.filter(pk__in=participant_ids(newsletter))
    return users.values_list("pk", flat=True).distinct().order_by("pk")


def _chosen_spaces(newsletter: Newsletter) -> dict[str, list[int]]:
    """{space type key: [ids]} of the chosen spaces (unknown keys are ignored)."""
    from participation.space_types import SPACE_TYPES

    chosen: dict[str, list[int]] = {}
    for value in newsletter.spaces:
        key, _sep, pk = value.partition(":")
        if key in SPACE_TYPES and pk.isdigit():
            chosen.setdefault(key, []).append(int(pk))
    return chosen


def participant_ids(newsletter: Newsletter) -> QuerySet:
    """Ids of the people who took part in the chosen spaces (all the organisation's spaces
    when only areas are chosen), as one lazy sub-query.

    Each component type answers through its manifest's ``participants`` hook, called once
    with all its components: in a space whose area is a chosen one, every participation
    counts; elsewhere, with areas chosen, only participation on content of those areas.
    """
    from participation.components import registry
    from participation.components.models import Component
    from participation.components.selectors import any_of_user_ids
    from participation.space_types import SPACE_TYPES

    organization_id = newsletter.organization_id
    chosen = _chosen_spaces(newsletter)
    scope_ids = list(newsletter.scopes) or None
    components = Component.objects.filter(organization_id=organization_id)
    if chosen:
        in_chosen = Q(pk__in=[])
        for ids in chosen.values():
            in_chosen |= Q(space_id__in=ids)
        components = components.filter(in_chosen)
    elif scope_ids is None:
        components = components.none()
    groups = [(components, None)]
    if scope_ids is not None:
        in_scoped_space = Q(pk__in=[])
        for space_type in SPACE_TYPES.values():
            scoped = space_type.model.objects.filter(
                organization_id=organization_id, scope_id__in=scope_ids
            )
            in_scoped_space |= Q(space_id__in=scoped.values("pk"))
        groups = [
            (components.filter(in_scoped_space), None),
            (components.exclude(in_scoped_space), scope_ids),
        ]
    subqueries = []
    for manifest in registry.all_manifests():
        if manifest.participants is None:
            continue
        for group, scopes in groups:
            subqueries.append(
                manifest.participants(group.filter(manifest_name=manifest.name), scopes)
            )
    return any_of_user_ids(*subqueries)


def audience_labels(newsletter: Newsletter) -> dict[str, list[str]]:
    """The titles of the chosen spaces and areas, for the preview."""
    spaces = dict(space_choices(newsletter.organization)) if newsletter.spaces else {}
    scopes = dict(scope_choices(newsletter.organization)) if newsletter.scopes else {}
    return {
        "spaces": [spaces[value] for value in newsletter.spaces if value in spaces],
        "scopes": [scopes[str(pk)] for pk in newsletter.scopes if str(pk) in scopes],
    }


def build_message(newsletter: Newsletter, user) -> dict:
    from participation.notifications.services import unsubscribe_token

    organization = newsletter.organization
    unsubscribe = organization_url(
        organization,
        reverse(
            "notifications:unsubscribe",
            kwargs={"token": unsubscribe_token(user=user, kind="newsletter")},
        ),
    )
    with translation.override(user.locale or organization.default_locale):
        body = "\n\n".join(
            [
                strip_tags(newsletter.body.replace("</p>", "</p>\n")).strip(),
                _("You receive this newsletter because you accepted it on %(organization)s.")
                % {"organization": organization.name},
                _("Stop the newsletter in one click: %(url)s") % {"url": unsubscribe},
            ]
        )
    return {
        "subject": newsletter.title,
        "body": body,
        "recipients": [user.email],
        "headers": {"List-Unsubscribe": f"<{unsubscribe}>"},
    }


def send_test(*, actor, newsletter: Newsletter) -> None:
    """The administrator receives it, as a recipient would."""
    _check(actor, newsletter.organization)
    message = build_message(newsletter, actor)
    message["subject"] = _("[Test] %(title)s") % {"title": newsletter.title}
    outbox.send_email(**message)


@transaction.atomic
def start_sending(
    *, actor, newsletter: Newsletter, confirmed_recipients: int | None = None
) -> Newsletter:
    """Send to its audience. ``confirmed_recipients``: the number of people the
    administrator confirmed sending to; if the audience has changed since, nothing is sent
    and they are asked again (people consent or withdraw meanwhile)."""
    _check(actor, newsletter.organization)
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    _check_draft(newsletter)
    newsletter.total = recipients(newsletter).count()
    if confirmed_recipients is not None and confirmed_recipients != newsletter.total:
        raise ServiceError(
            ngettext(
                "The audience has changed: it is now %(count)d person. Check and confirm again.",
                "The audience has changed: it is now %(count)d people. Check and confirm again.",
                newsletter.total,
            )
            % {"count": newsletter.total},
            ErrorCode.INVALID,
        )
    newsletter.status = NewsletterStatus.SENDING
    newsletter.save(update_fields=["total", "status", "updated_at"])
    events.newsletter_sent(
        organization=newsletter.organization,
        actor=actor,
        target=newsletter,
        changes={"recipients": newsletter.total},
    )
    outbox.enqueue(
        task="notifications.send_newsletter",
        payload={"newsletter_id": newsletter.pk},
        key=f"newsletter:{newsletter.pk}",
    )
    return newsletter


def sent_count(newsletter: Newsletter) -> int:
    """Deliveries the mail server accepted (not merely recorded or being sent)."""
    return newsletter.deliveries.filter(sent_at__isnull=False).count()


def deliver_chunk(newsletter_id: int, user_ids: list[int]) -> int:
    """Record one chunk's deliveries and e-mails (in the caller's transaction), sent after it.

    Idempotent: a delivery is unique per (newsletter, person) and its e-mail's key too;
    a redelivered chunk records nothing new and its e-mails go at most once each.
    """
    from participation.models import User

    newsletter = Newsletter.objects.select_related("organization").get(pk=newsletter_id)
    NewsletterDelivery.objects.bulk_create(
        [NewsletterDelivery(newsletter=newsletter, user_id=pk) for pk in user_ids],
        ignore_conflicts=True,
    )
    waiting = list(
        NewsletterDelivery.objects.filter(
            newsletter=newsletter, user_id__in=user_ids, email__isnull=True, sent_at__isnull=True
        ).select_for_update(skip_locked=True, of=("self",))
    )
    users = User.objects.in_bulk([row.user_id for row in waiting])
    ids = []
    for row in waiting:
        user = users[row.user_id]
        if not user.email:
            continue
        message = build_message(newsletter, user)
        email_id = outbox.record_email(
            key=f"newsletter:{newsletter_id}:{user.pk}",
            to=user.email,
            subject=message["subject"],
            body=message["body"],
            headers=message["headers"],
        )
        if email_id is not None:
            row.email_id = email_id
            ids.append(email_id)
    NewsletterDelivery.objects.bulk_update([row for row in waiting if row.email_id], ["email"])
    if ids:
        outbox.enqueue(
            task="notifications.send_newsletter_emails",
            payload={"newsletter_id": newsletter_id, "ids": ids},
            key=f"send:newsletter:{newsletter_id}:{user_ids[0]}",
        )
    return len(ids)


def mark_delivered(sender, email, **kwargs) -> None:
    """The mail server accepted a newsletter e-mail: it counts as sent (same transaction)."""
    NewsletterDelivery.objects.filter(email_id=email.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )


def finish(newsletter_id: int) -> bool:
    """Mark the newsletter sent once no e-mail of it is waiting; False while some are."""
    from participation.outbox.models import EmailStatus, MessageStatus, OutboxMessage

    chunks = OutboxMessage.objects.filter(  # few rows are pending: the status index finds them
        status=MessageStatus.PENDING,
        task="notifications.send_newsletter_chunk",
        payload__newsletter_id=newsletter_id,
    )
    if chunks.exists():
        return False
    waiting = NewsletterDelivery.objects.filter(
        newsletter_id=newsletter_id,
        email__status__in=[EmailStatus.PENDING, EmailStatus.SENDING],
    )
    if waiting.exists():
        return False
    Newsletter.objects.filter(pk=newsletter_id, status=NewsletterStatus.SENDING).update(
        status=NewsletterStatus.SENT, sent_at=timezone.now()
    )
    return True
