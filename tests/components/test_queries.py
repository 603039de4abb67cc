"""Listing components costs a fixed number of queries, whatever their number."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.components import services
from participation.components.selectors import published_components, space_components
from tests.conftest import host_client


def _add(admin, process, count):
    for index in range(count):
        component = services.add_component(
            actor=admin, space=process, manifest_name="pages", name=f"Page {index}"
        )
        services.publish_component(actor=admin, component=component)


def test_the_space_navigation_is_one_query(admin, process, django_assert_num_queries):
    _add(admin, process, 5)
    with django_assert_num_queries(1):
        components = published_components(process)
        urls = [c.get_absolute_url() for c in components]  # no query for the space
    assert len(urls) == 5
    with django_assert_num_queries(1):
        assert len(space_components(process)) == 5


def _queries(client, path):
    # A first request warms what every page takes from the cache (the organisation).
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


def test_space_page_queries_do_not_grow_with_components(admin, process):
    client = host_client("ville-a.test")
    _add(admin, process, 1)
    few = _queries(client, "/processes/budget/")
    _add(admin, process, 6)
    assert _queries(client, "/processes/budget/") == few


def test_backoffice_listing_queries_do_not_grow_with_components(admin, process):
    client = host_client("ville-a.test", user=admin)
    path = "/admin/spaces/processes/budget/components/"
    _add(admin, process, 1)
    few = _queries(client, path)
    _add(admin, process, 6)
    assert _queries(client, path) == few
