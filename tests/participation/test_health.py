import pytest

from tests.conftest import host_client


def test_healthz_reports_each_part(db):
    response = host_client("any.example").get("/healthz")
    data = response.json()
    assert response.status_code == 200
    assert data["status"] == "ok"
    assert data["database"] == "ok" and data["cache"] == "ok"
    assert data["broker"] in ("ok", "in-process")


@pytest.mark.django_db
def test_healthz_fails_when_the_broker_is_down(settings):
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = host_client("any.example").get("/healthz")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
    assert response.json()["status"] == "error"
