"""The database down or unreachable: pages answer a translated 503 page (not a generic 500)
rendered without touching the database, /healthz answers 503 JSON naming the database.

The outage is real: the default connection is replaced by one to a PostgreSQL port nothing
listens on (or, on SQLite, to a file in a folder that does not exist)."""

from contextlib import contextmanager

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test import Client

from participation import demo
from tests.resilience.redis_server import spare_port


@contextmanager
def database_down():
    working = connections["default"]
    settings_dict = {**working.settings_dict, "CONN_MAX_AGE": 0}
    if working.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT=str(spare_port()))
        settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "connect_timeout": 2}
    else:
        settings_dict["NAME"] = "/nonexistent-decidons-folder/db.sqlite3"
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = broken
    try:
        yield
    finally:
        connections["default"] = working
        broken.close()


def client(**extra) -> Client:
    return Client(HTTP_HOST=demo.DEMO_HOST, raise_request_exception=False, **extra)


def assert_unavailable_page(response, text: str):
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert text in content
    assert "/static/css/app.css" in content  # the product's look


@pytest.mark.parametrize(
    ("accept_language", "text"),
    [("fr", "Service momentanément indisponible"), ("en", "Service momentarily unavailable")],
)
def test_pages_answer_a_translated_503_page(city, city_pages, accept_language, text):
    with database_down():
        # The organisation look-up itself (nothing cached yet) cannot reach the database.
        response = client(HTTP_ACCEPT_LANGUAGE=accept_language).get("/")
    assert_unavailable_page(response, text)
    assert response["Content-Language"] == accept_language


def test_every_page_and_form_answers_503_then_recovers(city, city_pages, city_participant):
    anonymous = client()
    signed_in = client()
    signed_in.force_login(
        city_participant, backend="participation.auth_backends.OrganizationEmailBackend"
    )
    for path in city_pages:  # the organisation is cached from here on
        assert anonymous.get(path).status_code == 200
    with database_down():
        for path in city_pages:
            assert_unavailable_page(anonymous.get(path), "Service momentanément indisponible")
            assert_unavailable_page(signed_in.get(path), "Service momentanément indisponible")
        assert_unavailable_page(
            anonymous.post("/sign-in/", {"email": "a@example.org", "password": "x"}),
            "Service momentanément indisponible",
        )
        # A 404 page that needs the session (the user menu) cannot be drawn either.
        assert signed_in.get("/no-such-page/").status_code == 503
    for path in city_pages:
        assert anonymous.get(path).status_code == 200
        assert signed_in.get(path).status_code == 200


@pytest.mark.parametrize("with_session", [False, True], ids=["probe", "with-a-session-cookie"])
def test_healthz_answers_503_json_naming_the_database(city, city_participant, with_session):
    probe = client()
    if with_session:  # reading the session needs the database too
        probe.force_login(
            city_participant, backend="participation.auth_backends.OrganizationEmailBackend"
        )
    with database_down():
        response = probe.get("/healthz")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "error"
    assert data["database"] == "error: OperationalError"
    assert data["cache"] == "ok"
