"""Nightly metrics (CELERY_BEAT_SCHEDULE["synthesis.compute_daily_metrics"], 02:30)."""

import datetime

from celery import shared_task

from synthesis import services


@shared_task(name="synthesis.compute_daily_metrics", acks_late=True)
def compute_daily_metrics(day: str | None = None) -> int:
    """Yesterday's values for every organisation (``day`` as YYYY-MM-DD to redo one)."""
    target = datetime.date.fromisoformat(day) if day else None
    return services.compute_daily_metrics(day=target)
