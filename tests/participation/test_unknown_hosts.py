"""Issue 12: a flood of random host names must not fill the cache. Unknown hosts are
remembered per process in a bounded structure, never one cache key each."""

import secrets

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation import cache_versions, tenancy
from participation.services.organizations import create_organization
from tests.conftest import host_client


def _host_keys(hostnames) -> dict:
    version = cache_versions.current(tenancy.HOSTS_VERSION)
    keys = [f"tenancy:host:{version}:{name}" for name in hostnames]
    return cache.get_many(keys)


def test_random_hosts_leave_no_cache_entry(organization, monkeypatch):
    monkeypatch.setattr(tenancy, "_unknown_hosts", tenancy._BoundedSet(50))
    hostnames = [f"{secrets.token_hex(8)}.flood.example" for _ in range(200)]
    for name in hostnames[:5]:
        assert host_client(name).get("/").status_code == 404
    for name in hostnames:
        assert tenancy.resolve_host(name).organization is None
    assert _host_keys(hostnames) == {}
    assert len(tenancy._unknown_hosts) == 50  # bounded, whatever the flood
    # Known hosts are still cached.
    tenancy.resolve_host(organization.host)
    assert len(_host_keys([organization.host])) == 1


def test_a_recently_seen_unknown_host_costs_no_query(db):
    tenancy.resolve_host("nobody.example")
    with CaptureQueriesContext(connection) as queries:
        assert tenancy.resolve_host("nobody.example").organization is None
    assert len(queries) == 0


def test_an_unknown_host_is_known_as_soon_as_an_organisation_claims_it(operator):
    assert host_client("new-city.example").get("/").status_code == 404
    create_organization(
        actor=operator,
        name="Nouvelle ville",
        host="new-city.example",
        admin_email="admin@new-city.example",
    )
    assert host_client("new-city.example").get("/").status_code == 200
