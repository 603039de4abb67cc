"""Background work of the privacy app. Without a broker it runs in-process."""

from celery import shared_task


@shared_task(
    name="privacy.build_export", autoretry_for=(OSError,), retry_backoff=True, max_retries=3
)
def build_export(export_id: int) -> None:
    from participation.privacy import exports

    try:
        exports.build_export(export_id=export_id)
    except OSError:
        raise  # retried by Celery
    except Exception:
        # A bug, not a hiccup: free the person to ask again instead of a stuck request.
        exports.mark_failed(export_id=export_id)
        raise


@shared_task(name="privacy.purge_expired_exports")
def purge_expired_exports() -> int:
    from participation.privacy import exports

    return exports.purge_expired_exports()
