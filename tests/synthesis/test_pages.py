"""The metrics pages: who may read them, one query for the rows (charts: tests/participation/test_charts.py)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spaces.models import SpaceRole
from spaces.services import assign_space_role
from synthesis import metrics, selectors
from synthesis.models import DailyMetric
from synthesis.services import local_today
from tests.conftest import host_client
from tests.factories import make_user
from tests.synthesis.conftest import make_space


def _fill(organization, days, *, space=None, names=("proposals", "comments")):
    yesterday = local_today(organization=organization) - datetime.timedelta(days=1)
    ct = ContentType.objects.get_for_model(space) if space else None
    DailyMetric.objects.bulk_create(
        DailyMetric(
            organization=organization,
            space_ct=ct,
            space_id=space.pk if space else None,
            name=name,
            day=yesterday - datetime.timedelta(days=n),
            value=1000 + n,
        )
        for n in range(days)
        for name in names
    )


def test_org_admin_sees_charts_and_table(organization, admin, space):
    _fill(organization, 30)
    response = host_client(organization.host, admin).get("/admin/metrics/")
    assert response.status_code == 200
    html = response.content.decode()
    # One chart per metric: the five of the core and proposals, and budgets' ballots.
    assert html.count('role="img"') == len(metrics.registered()) == 6
    assert "<caption>" in html and 'scope="row"' in html and "1\u202f029" in html
    assert "style=" not in html.split("<main", 1)[-1]
    assert 'href="/admin/metrics/processes/budget/"' in html


def test_period_comes_from_an_allow_list(organization, admin):
    client = host_client(organization.host, admin)
    assert client.get("/admin/metrics/?days=7").context["days"] == 7
    assert client.get("/admin/metrics/?days=90").context["days"] == 90
    response = client.get("/admin/metrics/?days=<script>")
    assert response.context["days"] == 30
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]


def test_other_organisation_metrics_never_show(organization, other_organization, admin):
    _fill(other_organization, 5, names=("proposals",))
    html = host_client(organization.host, admin).get("/admin/metrics/").content.decode()
    assert "1\u202f004" not in html
    foreign_admin = make_user(other_organization, admin=True)
    assert host_client(organization.host, foreign_admin).get("/admin/metrics/").status_code in (
        302,
        403,
    )


def test_participant_gets_403(organization, participant, space):
    client = host_client(organization.host, participant)
    assert client.get("/admin/metrics/").status_code == 403
    assert client.get("/admin/metrics/processes/budget/").status_code == 403


def test_anonymous_is_sent_to_sign_in(organization):
    response = host_client(organization.host).get("/admin/metrics/")
    assert response.status_code == 302 and "next=" in response["Location"]


def test_space_moderator_reads_only_their_space(organization, admin, space, now):
    process, _ = space
    make_space(admin, "autre", now)
    moderator = make_user(organization)
    assign_space_role(actor=admin, space=process, role=SpaceRole.MODERATOR, user=moderator)
    _fill(organization, 3, space=process, names=("proposals",))
    client = host_client(organization.host, moderator)
    response = client.get("/admin/metrics/processes/budget/")
    assert response.status_code == 200 and "1\u202f002" in response.content.decode()
    assert client.get("/admin/metrics/processes/autre/").status_code == 403
    assert client.get("/admin/metrics/").status_code == 403


def test_space_of_another_organisation_is_404(organization, other_organization, admin, now):
    other_admin = make_user(other_organization, admin=True)
    make_space(other_admin, "ailleurs", now)
    client = host_client(organization.host, admin)
    assert client.get("/admin/metrics/processes/ailleurs/").status_code == 404


@pytest.mark.parametrize("path", ["/admin/metrics/", "/admin/metrics/processes/budget/"])
def test_fixed_number_of_queries(organization, admin, space, path):
    process, _ = space
    client = host_client(organization.host, admin)
    client.get(path)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        client.get(path + "?days=7")
    _fill(organization, 90, names=("proposals", "comments", "follows", "extra_a", "extra_b"))
    _fill(organization, 90, space=process, names=("proposals", "supports", "posts"))
    with CaptureQueriesContext(connection) as large:
        response = client.get(path + "?days=90")
    assert response.status_code == 200
    assert len(large) == len(small)
    metric_queries = [q for q in large.captured_queries if "synthesis_dailymetric" in q["sql"]]
    assert len(metric_queries) == 1


def test_period_parameter_parsing():
    assert selectors.period_from("7") == 7
    assert selectors.period_from("8") == 30
    assert selectors.period_from(None) == 30
    assert selectors.period_from("1e9") == 30
