"""Cached listing totals and filter forms are retired when a proposal, its moderation or a
category or area (the filter's choices) changes."""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save

from participation.moderation.models import Moderation
from proposals.models import Proposal
from proposals.selectors import forget_counts


def _forget(instance, using=None, deleted: bool = False) -> None:
    organization_id = instance.organization_id
    connection = connections[using or DEFAULT_DB_ALIAS]
    if (
        deleted
        and connection.in_atomic_block
        and any(
            getattr(callback, "forgets_counts_of", None) == organization_id
            for _savepoints, callback, _robust in connection.run_on_commit
        )
    ):
        # Already retired in this transaction (deleting a component deletes thousands of
        # proposals: one bump, not one per row); the commit retires them again.
        return
    forget_counts(organization_id)
    # Again once the change is visible to every connection (a count taken meanwhile
    # would otherwise be kept under the new version).
    again = partial(forget_counts, organization_id)
    again.forgets_counts_of = organization_id
    transaction.on_commit(again, using=using)


def proposal_changed(sender, instance, using=None, **kwargs) -> None:
    _forget(instance, using, deleted=kwargs["signal"] is post_delete)


def moderation_changed(sender, instance, using=None, **kwargs) -> None:
    if ContentType.objects.get_for_id(instance.content_type_id).model_class() is Proposal:
        _forget(instance, using, deleted=kwargs["signal"] is post_delete)


def taxonomy_changed(sender, instance, using=None, **kwargs) -> None:
    # The filter form's category and area lists are cached under the same version.
    _forget(instance, using)


def connect() -> None:
    from spaces.models import Category, Scope

    for signal in (post_save, post_delete):
        for model in (Category, Scope):
            signal.connect(
                taxonomy_changed,
                sender=model,
                dispatch_uid=f"proposal_filters_{model.__name__}_{signal}",
            )
        signal.connect(proposal_changed, sender=Proposal, dispatch_uid=f"proposal_counts_{signal}")
        signal.connect(
            moderation_changed, sender=Moderation, dispatch_uid=f"proposal_counts_m_{signal}"
        )
