"""Background work of the privacy app. Without a broker it runs in-process."""

import logging

from celery import shared_task

from participation.outbox import services as outbox

logger = logging.getLogger(__name__)


@outbox.handler(name="privacy.build_export")
def build_export(*, export_id: int) -> None:
    """An outbox message recorded with the request: built once, even after a lost worker."""
    from participation.privacy import exports

    try:
        exports.build_export(export_id=export_id)
    except OSError:
        raise  # a hiccup (disk, storage): the outbox tries again later
    except Exception:
        # A bug, not a hiccup: free the person to ask again instead of a stuck request.
        logger.exception("building the personal-data export %s failed", export_id)
        exports.mark_failed(export_id=export_id)


@shared_task(name="privacy.purge_expired_exports")
def purge_expired_exports() -> int:
    from participation.privacy import exports

    return exports.purge_expired_exports()
