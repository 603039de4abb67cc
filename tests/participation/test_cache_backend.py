"""The Redis cache backend (django-redis with a resilient client), against the real Redis."""

import pytest

from participation.cache_backend import RedisCache
from tests.participation.test_celery import REDIS_URL, _redis_up

pytestmark = pytest.mark.skipif(
    not _redis_up(), reason="needs REDIS_URL (CI sets it; make test on SQLite has no Redis)"
)


@pytest.fixture
def redis_cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "test-cache-backend"})
    yield backend
    backend.clear()


def test_one_client_object_serves_every_call(redis_cache):
    client = redis_cache.client.get_client(write=False)
    assert redis_cache.client.get_client(write=True) is client
    redis_cache.set("a", 1)
    assert redis_cache.client.get_client(write=False) is client


def test_it_behaves_as_djangos_backend(redis_cache):
    redis_cache.set("answer", {"value": 42}, 30)
    assert redis_cache.get("answer") == {"value": 42}
    assert redis_cache.add("answer", "other") is False
    redis_cache.set("hits", 1)
    assert redis_cache.incr("hits") == 2
    assert redis_cache.get_many(["answer", "hits", "missing"]) == {
        "answer": {"value": 42},
        "hits": 2,
    }
    redis_cache.delete("answer")
    assert redis_cache.get("answer", "gone") == "gone"
