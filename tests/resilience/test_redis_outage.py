"""Redis is an optimisation: with it down (a real redis-server of the test's own, killed
or frozen), pages come from the database, /healthz answers 503 naming the cache, and the
site uses the cache again by itself once Redis is back."""

import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from participation import demo
from participation.services.organizations import update_organization
from tests.conftest import host_client
from tests.resilience.redis_server import RedisServer

BREAKER_SECONDS = 0.5


@pytest.fixture
def redis_server(settings):
    server = RedisServer().start()
    options = dict(django_settings.CACHES["default"].get("OPTIONS", {}))
    options.update(
        {
            # The production time-outs (config/settings.py), a short breaker for the test.
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.5,
            "CIRCUIT_BREAKER_SECONDS": BREAKER_SECONDS,
        }
    )
    settings.CACHES = {
        "default": {
            "BACKEND": "participation.cache_backend.RedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "resilience",
            "OPTIONS": options,
        }
    }
    yield server
    server.stop()


def _pages_answer(pages, client, status=200):
    for path in pages:
        response = client.get(path)
        assert response.status_code == status, (path, response.status_code)
    return response


def _tenancy_keys(server) -> list[bytes]:
    return server.client().keys("resilience:*tenancy:host*")


def test_pages_are_served_while_redis_is_down_and_the_cache_comes_back(
    redis_server, city, city_pages, city_participant
):
    anonymous = host_client(demo.DEMO_HOST)
    signed_in = host_client(demo.DEMO_HOST, user=city_participant)
    _pages_answer(city_pages, anonymous)
    assert _tenancy_keys(redis_server), "the organisation look-up uses the cache"
    health = anonymous.get("/healthz")
    assert health.status_code == 200 and health.json()["cache"] == "ok"

    redis_server.stop()
    _pages_answer(city_pages, anonymous)
    # Sessions are in the database: a participant stays signed in through the outage.
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    response = _pages_answer(city_pages, signed_in)
    assert response.context["user"] == city_participant
    # A write goes through too (rate limits count in the cache: they let it pass).
    follow = signed_in.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert follow.status_code == 302
    health = anonymous.get("/healthz")
    assert health.status_code == 503
    assert health["Content-Type"] == "application/json"
    data = health.json()
    assert data["status"] == "error"
    assert data["cache"].startswith("error: ConnectionError")
    assert data["database"] == "ok"

    redis_server.start()  # same port, empty
    time.sleep(BREAKER_SECONDS + 0.1)
    _pages_answer(city_pages, anonymous)
    _pages_answer(city_pages, anonymous)
    assert _tenancy_keys(redis_server), "the cache is used again"
    health = anonymous.get("/healthz")
    assert health.status_code == 200 and health.json()["cache"] == "ok"


def test_a_dead_redis_is_not_tried_on_every_call(redis_server, db):
    cache.set("key", "value")
    redis_server.freeze()  # accepts connections, answers nothing: every try costs a time-out
    try:
        started = time.monotonic()
        assert cache.get("key", "miss") == "miss"  # one time-out (SOCKET_TIMEOUT)
        for _ in range(50):
            assert cache.get("key", "miss") == "miss"  # breaker open: no network
            assert cache.add("other", 1) is False
            with pytest.raises(ValueError):
                cache.incr("counter")
            cache.set("other", 2)
            cache.set_many({"a": 1, "b": 2})
            assert cache.get_many(["key", "a"]) == {}
            assert cache.delete("key") is False
            assert cache.has_key("key") is False
            assert cache.get_or_set("computed", 3) == 3
        assert time.monotonic() - started < 5 * 0.5, "50 calls did not each wait a time-out"
    finally:
        redis_server.thaw()
    time.sleep(BREAKER_SECONDS + 0.1)
    # Back: the delete lost during the outage was replayed before anything was read.
    assert cache.get("key", "miss") == "miss"
    cache.set("key", "again")
    assert cache.get("key") == "again"


def test_a_change_made_while_redis_was_unreachable_is_seen_once_it_answers(
    redis_server, city, city_pages
):
    client = host_client(demo.DEMO_HOST)
    assert city.name.encode() in client.get("/").content  # the organisation is now cached
    redis_server.freeze()  # unreachable, keeps its data (the cached organisation)
    try:
        # The organisation service retires the cached host answers.
        update_organization(actor=None, organization=city, name="Bellerive renommée")
        assert b"Bellerive renomm" in client.get("/").content  # from the database
    finally:
        redis_server.thaw()
    time.sleep(BREAKER_SECONDS + 0.1)
    # The lost invalidation is replayed: the entry cached before the outage is not served.
    assert b"Bellerive renomm" in client.get("/").content
    assert b"Bellerive renomm" in client.get("/").content
