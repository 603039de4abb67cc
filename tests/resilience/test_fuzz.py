"""Property-based fuzzing of every URL pattern and every form: no input answers 5xx.

Hypothesis drives Django's test client over the demo city (seeded small, the same every
run), as an anonymous visitor, a participant and an organisation administrator: every
URL pattern of the site and of each component, its path parameters filled with real
objects (found by crawling the pages this person sees) or junk, GET with junk query
strings, POST with the real forms' fields set to junk in every encoding. Each request
runs in a transaction rolled back afterwards. Any 5xx, or any exception, is a failure,
printed with the request that caused it.

FUZZ_EXAMPLES (default 3) sets the requests per URL pattern and person; FUZZ_SEED, when
set, draws other requests than the fixed default ones (for deeper runs by hand).
"""

import os
from collections import Counter
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from participation import demo
from participation.models import User
from tests.conftest import host_client
from tests.resilience import fuzzing

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
CRAWL_LIMIT = int(os.environ.get("FUZZ_CRAWL_LIMIT", "150"))
SEED = os.environ.get("FUZZ_SEED")


def _seeded(test):
    return seed(int(SEED))(test) if SEED else test


def _person(city, role):
    if role == "anonymous":
        return None
    if role == "admin":
        return User.objects.get(organization=city, email=demo.DEMO_ADMIN_EMAIL)
    return User.objects.filter(organization=city, is_org_admin=False).order_by("pk").first()


@pytest.mark.parametrize("role", ["anonymous", "participant", "admin"])
def test_no_request_answers_a_server_error(city, role):
    person = _person(city, role)
    client = host_client(demo.DEMO_HOST, user=person)
    checking = Client(HTTP_HOST=demo.DEMO_HOST, enforce_csrf_checks=True)
    site = fuzzing.crawl(client, limit=CRAWL_LIMIT)
    endpoints = fuzzing.endpoints(city)
    failures: list[str] = []
    statuses = Counter()

    for endpoint in endpoints:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=SEED is None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @_seeded
        @given(request=fuzzing.requests_for(endpoint, site))
        def fuzz(request):
            sender = checking if request.enforce_csrf else client
            if person is not None and "_auth_user_id" not in sender.session:
                sender.force_login(
                    person, backend="participation.auth_backends.OrganizationEmailBackend"
                )
            outcome = fuzzing.send(sender, request)
            statuses[getattr(outcome, "status_code", "exc")] += 1
            failure = fuzzing.failure_of(request, outcome, role)
            if failure:
                failures.append(failure)

        fuzz()

    print(role, len(endpoints), "patterns,", site.pages, "pages crawled,", dict(statuses))
    assert len(endpoints) > 150 and site.pages > 20
    assert not failures, f"{len(failures)} requests answered 5xx:\n" + "\n".join(failures)


hosts = st.one_of(
    st.sampled_from([demo.DEMO_HOST, *demo.DEMO_SECONDARY_HOSTS]),
    st.tuples(
        st.sampled_from([demo.DEMO_HOST, *demo.DEMO_SECONDARY_HOSTS]),
        st.sampled_from([":", ":0", ":65536", ":x", ".", "..", ":8000", "]", "%00"]),
    ).map("".join),
    fuzzing.junk_text,
)
paths = st.one_of(
    st.sampled_from(["/", "/healthz", "/system/", "/sign-in/", "/static/x", "/i18n/setlang/"]),
    fuzzing.junk_text.map(lambda text: "/" + quote(text, safe="/")),
)


@settings(
    max_examples=EXAMPLES * 40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(host=hosts, path=paths, method=st.sampled_from(["GET", "POST", "HEAD"]))
@pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning")
def test_no_host_or_path_answers_a_server_error(city, host, path, method):
    client = Client(HTTP_HOST=host, raise_request_exception=True)
    response = client.generic(method, path)
    assert response.status_code < 500, (method, host, path)
