"""Cached listing totals are retired when a proposal or its moderation changes."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from participation.moderation.models import Moderation
from proposals.models import Proposal
from proposals.selectors import forget_counts


def _forget(instance, using=None) -> None:
    organization_id = instance.organization_id
    forget_counts(organization_id)
    # Again once the change is visible to every connection (a count taken meanwhile
    # would otherwise be kept under the new version).
    transaction.on_commit(lambda: forget_counts(organization_id), using=using)


def proposal_changed(sender, instance, using=None, **kwargs) -> None:
    _forget(instance, using)


def moderation_changed(sender, instance, using=None, **kwargs) -> None:
    if ContentType.objects.get_for_id(instance.content_type_id).model_class() is Proposal:
        _forget(instance, using)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(proposal_changed, sender=Proposal, dispatch_uid=f"proposal_counts_{signal}")
        signal.connect(
            moderation_changed, sender=Moderation, dispatch_uid=f"proposal_counts_m_{signal}"
        )
