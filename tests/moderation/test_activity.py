"""The activity log back-office and the public activity feed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blogs.services import create_post
from participation.action_log import log_action
from participation.models import ActionLog
from spaces.models import Visibility
from tests.conftest import host_client
from tests.events.helpers import declared
from tests.factories import make_user
from tests.moderation.conftest import make_blog


def test_only_admins_read_the_log(organization, admin):
    assert (
        host_client(organization.host, user=make_user(organization))
        .get("/admin/activity/")
        .status_code
        == 403
    )
    assert host_client(organization.host, user=admin).get("/admin/activity/").status_code == 200


def test_the_log_never_shows_another_organisation(organization, other_organization, admin):
    foreign_admin = make_user(other_organization, admin=True, name="Étranger")
    with declared("secret.action"):
        log_action(
            organization=other_organization,
            actor=foreign_admin,
            action="secret.action",
            target=other_organization,
        )
        body = host_client(organization.host, user=admin).get("/admin/activity/").content.decode()
        assert "secret.action" not in body and "Étranger" not in body
        body = (
            host_client(organization.host, user=admin)
            .get("/admin/activity/?action=secret.action")
            .content.decode()
        )
        assert "Étranger" not in body


@pytest.fixture
def _test_events():
    with declared("alpha.done", "beta.done", "gamma.done", "a", *(f"a{i}" for i in range(30))):
        yield


def test_filters_by_user_action_and_dates(organization, admin, now, _test_events):
    other = make_user(organization, name="Bénévole")
    log_action(organization=organization, actor=admin, action="alpha.done", target=admin)
    log_action(organization=organization, actor=other, action="beta.done", target=other)
    old = log_action(organization=organization, actor=other, action="gamma.done", target=other)
    ActionLog.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=30))
    client = host_client(organization.host, user=admin)

    def actions(query):
        body = client.get("/admin/activity/?" + query).content.decode()
        return {
            name for name in ("alpha.done", "beta.done", "gamma.done") if f" did {name} on" in body
        }

    assert actions("") == {"alpha.done", "beta.done", "gamma.done"}
    assert actions("user=B%C3%A9n%C3%A9vole") == {"beta.done", "gamma.done"}
    assert actions("action=alpha.done") == {"alpha.done"}
    since = (now - timedelta(days=2)).date().isoformat()
    assert actions(f"since={since}") == {"alpha.done", "beta.done"}
    until = (now - timedelta(days=2)).date().isoformat()
    assert actions(f"until={until}") == {"gamma.done"}
    # Values outside the allow-list are dropped, never echoed.
    response = client.get("/admin/activity/?action=<script>x</script>&o=password")
    assert response.status_code == 200 and "<script>x" not in response.content.decode()


def test_before_and_after_values_are_escaped(organization, admin):
    log_action(
        organization=organization,
        actor=admin,
        action="update",
        target=admin,
        changes={"title": ["<b>old</b>", "<img src=x onerror=alert(1)>"]},
    )
    body = host_client(organization.host, user=admin).get("/admin/activity/").content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img src=x" not in body
    assert "&lt;b&gt;old&lt;/b&gt;" in body


def test_log_query_count_is_fixed(organization, admin, _test_events):
    client = host_client(organization.host, user=admin)
    people = [make_user(organization) for _ in range(3)]
    log_action(organization=organization, actor=people[0], action="a", target=admin)
    client.get("/admin/activity/")
    with CaptureQueriesContext(connection) as small:
        client.get("/admin/activity/")
    for index in range(30):
        person = make_user(organization)
        log_action(organization=organization, actor=person, action=f"a{index}", target=person)
    with CaptureQueriesContext(connection) as large:
        client.get("/admin/activity/")
    assert len(large) == len(small)


def test_feed_shows_public_published_posts_only(organization, admin, now):
    public = make_blog(admin, "public", now)
    private = make_blog(admin, "prive", now, visibility=Visibility.PRIVATE)
    draft_space = make_blog(admin, "brouillon", now)
    draft_space.space.published_at = None
    draft_space.space.save()
    create_post(actor=admin, component=public, data={"title": "Annonce publique", "body": "x"})
    create_post(actor=admin, component=private, data={"title": "Note privée", "body": "x"})
    create_post(actor=admin, component=draft_space, data={"title": "Brouillon", "body": "x"})
    create_post(
        actor=admin,
        component=public,
        data={"title": "Plus tard", "body": "x", "published_at": now + timedelta(days=1)},
    )
    # Even the admin (who may read private spaces) gets the public feed.
    body = host_client(organization.host, user=admin).get("/activity/").content.decode()
    assert "Annonce publique" in body
    assert "Note privée" not in body and "Brouillon" not in body and "Plus tard" not in body


def test_feed_is_per_organisation_and_fixed_queries(organization, other_organization, admin, now):
    blog = make_blog(admin, "public", now)
    foreign = make_blog(make_user(other_organization, admin=True), "ailleurs", now)
    create_post(
        actor=foreign.space.organization.users.first(),
        component=foreign,
        data={"title": "Chez les voisins", "body": "x"},
    )
    client = host_client(organization.host)
    create_post(actor=admin, component=blog, data={"title": "Un", "body": "x"})
    client.get("/activity/")
    with CaptureQueriesContext(connection) as small:
        client.get("/activity/")
    second = make_blog(admin, "autre", now)
    for index in range(10):
        create_post(actor=admin, component=second, data={"title": f"N{index}", "body": "x"})
    with CaptureQueriesContext(connection) as large:
        body = client.get("/activity/").content.decode()
    assert len(large) == len(small)
    assert "Chez les voisins" not in body and "N9" in body


# --- Sentences, not codes ---------------------------------------------------------------------


def test_the_log_tells_what_happened_in_french(organization, admin, now):
    blog = make_blog(admin, "budget", now)
    create_post(actor=admin, component=blog, data={"title": "Travaux rue Haute", "body": "x"})
    body = host_client(organization.host, user=admin).get("/admin/activity/").content.decode()
    assert "Claire Admin a écrit l’article «\u00a0Travaux rue Haute\u00a0»" in body
    assert "Claire Admin a publié le composant «\u00a0Actus\u00a0»" in body
    assert "create_post" not in body.replace('value="create_post"', "")
    # The action filter offers labels, not codes.
    assert '<option value="create_post">Article créé</option>' in body


def test_the_log_tells_what_happened_in_english(organization, admin, now):
    blog = make_blog(admin, "budget", now)
    create_post(actor=admin, component=blog, data={"title": "Travaux rue Haute", "body": "x"})
    client = host_client(organization.host, user=admin)
    body = client.get("/admin/activity/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in body
    assert "Claire Admin wrote the post “Travaux rue Haute”" in body
    assert '<option value="create_post">Post created</option>' in body


def test_generic_events_name_the_kind_of_object(organization, admin):
    log_action(organization=organization, actor=admin, action="update", target=organization)
    client = host_client(organization.host, user=admin)
    body = client.get("/admin/activity/").content.decode()
    assert f"Claire Admin a modifié «\u00a0{organization.name}\u00a0» (organisation)" in body
    body = client.get("/admin/activity/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Claire Admin updated organisation “{organization.name}”" in body


def test_an_old_undeclared_code_still_reads(organization, admin):
    # Rows written before an event was renamed or removed: never a 500, never a bare code.
    ActionLog.objects.create(
        organization=organization,
        actor=None,
        action="legacy.thing_done",
        target_type="gone.model",
        target_id="1",
        target_label="Vieux <b>truc</b>",
    )
    client = host_client(organization.host, user=admin)
    response = client.get("/admin/activity/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Le système\u00a0: legacy · thing done (gone.model «\u00a0Vieux &lt;b&gt;truc" in body
    body = client.get("/admin/activity/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The system: legacy · thing done (gone.model “Vieux &lt;b&gt;truc&lt;/b&gt;”)" in body


def test_the_dashboard_shows_sentences(organization, admin, now):
    blog = make_blog(admin, "budget", now)
    create_post(actor=admin, component=blog, data={"title": "Travaux rue Haute", "body": "x"})
    body = host_client(organization.host, user=admin).get("/admin/").content.decode()
    assert "Claire Admin a écrit l’article «\u00a0Travaux rue Haute\u00a0»" in body
    assert "<td>create_post</td>" not in body
