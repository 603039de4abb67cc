"""Reports: once per person, automatic hiding past the threshold, moderators' decisions."""

import pytest
from django.db import IntegrityError

from blogs.services import create_post
from participation.errors import ServiceError
from participation.models import ActionLog
from participation.moderation import services
from participation.moderation.models import Moderation, Report
from participation.moderation.selectors import exclude_hidden, hide_threshold
from participation.search.selectors import search
from tests.conftest import host_client
from tests.factories import make_user
from tests.moderation.conftest import make_blog


def _report(user, post, reason="spam"):
    return services.report(
        actor=user, organization=user.organization, item=post, reason=reason, details="x"
    )


def test_a_resident_reports_once(organization, post):
    resident = make_user(organization)
    moderation = _report(resident, post)
    assert moderation.report_count == 1 and not moderation.is_hidden
    with pytest.raises(ServiceError) as error:
        _report(resident, post)
    assert error.value.error_code == "already_reported"
    assert Report.objects.count() == 1
    assert ActionLog.objects.filter(action="moderation.reported").count() == 1


def test_the_database_refuses_a_second_report(organization, post):
    resident = make_user(organization)
    moderation = _report(resident, post)
    with pytest.raises(IntegrityError):
        Report.objects.create(moderation=moderation, user=resident, reason="spam")


def test_report_page_links_to_terms_and_refuses_bad_input(organization, post):
    resident = make_user(organization)
    client = host_client(organization.host, user=resident)
    url = f"/report/blogs.post/{post.pk}/"
    body = client.get(url).content.decode()
    assert "/legal/terms/" in body and "Travaux rue Haute" in body
    assert client.post(url, {"reason": "nonsense"}).status_code == 400
    assert not Report.objects.exists()
    assert client.post(url, {"reason": "offensive", "details": "<b>no</b>"}).status_code == 302
    assert Report.objects.get().details == "<b>no</b>"
    # Anonymous visitors are sent to sign in; unknown types are 404.
    assert host_client(organization.host).get(url).status_code == 302
    assert client.get(f"/report/auth.group/{post.pk}/").status_code == 404


def test_other_organisations_items_cannot_be_reported(organization, other_organization, post):
    stranger = make_user(other_organization)
    client = host_client(other_organization.host, user=stranger)
    assert client.get(f"/report/blogs.post/{post.pk}/").status_code == 404
    with pytest.raises(ServiceError):
        _report(stranger, post)


def test_threshold_hides_and_unhide_restores(organization, admin, post, blog, moderator):
    assert hide_threshold(organization) == 3
    services.set_hide_threshold(actor=admin, organization=organization, value=2)
    first, second = make_user(organization), make_user(organization)
    _report(first, post)
    moderation = _report(second, post, reason="offensive")
    assert moderation.is_hidden
    assert ActionLog.objects.filter(action="moderation.hidden_automatically").exists()

    resident = host_client(organization.host, user=make_user(organization))
    assert "Travaux rue Haute" not in resident.get(blog.get_absolute_url()).content.decode()
    assert resident.get(blog.url("detail", pk=post.pk)).status_code == 404
    assert not exclude_hidden(blog.posts.all()).exists()
    assert blog.manifest.metrics(blog) == {"posts": 0}
    assert search(organization=organization, user=first, text="Travaux").results == []
    assert "Travaux" not in resident.get("/activity/").content.decode()
    # Moderators still read it, with a notice.
    detail = host_client(organization.host, user=moderator).get(blog.url("detail", pk=post.pk))
    assert detail.status_code == 200 and "masqué par la modération" in detail.content.decode()

    services.unhide(actor=moderator, moderation=moderation)
    moderation.refresh_from_db()
    assert not moderation.is_hidden and moderation.report_count == 0
    assert resident.get(blog.url("detail", pk=post.pk)).status_code == 200
    assert "Travaux rue Haute" in resident.get(blog.get_absolute_url()).content.decode()
    assert "Travaux rue Haute" in resident.get("/activity/").content.decode()


def test_threshold_setting_is_validated(organization, admin):
    client = host_client(organization.host, user=admin)
    assert client.post("/admin/moderation/settings/", {"hide_threshold": "0"}).status_code == 400
    assert client.post("/admin/moderation/settings/", {"hide_threshold": "5"}).status_code == 302
    assert hide_threshold(organization) == 5
    with pytest.raises(ServiceError):
        services.set_hide_threshold(
            actor=make_user(organization), organization=organization, value=4
        )


def test_moderator_hides_unreports_through_the_queue(organization, post, moderator):
    moderation = _report(make_user(organization), post)
    client = host_client(organization.host, user=moderator)
    body = client.get("/admin/moderation/").content.decode()
    assert "Travaux rue Haute" in body
    assert client.post(f"/admin/moderation/{moderation.pk}/hide/").status_code == 302
    moderation.refresh_from_db()
    assert moderation.is_hidden
    assert "Travaux" in client.get("/admin/moderation/?status=hidden").content.decode()
    assert "Travaux" not in client.get("/admin/moderation/?status=reported").content.decode()
    assert client.post(f"/admin/moderation/{moderation.pk}/unhide/").status_code == 302
    moderation = _report(make_user(organization), post)
    assert client.post(f"/admin/moderation/{moderation.pk}/unreport/").status_code == 302
    moderation.refresh_from_db()
    assert moderation.report_count == 0 and not moderation.reports.exists()
    assert set(ActionLog.objects.values_list("action", flat=True)) >= {
        "moderation.hidden",
        "moderation.unhidden",
        "moderation.reports_dismissed",
    }


def test_participants_cannot_reach_the_queue(organization, post):
    moderation = _report(make_user(organization), post)
    client = host_client(organization.host, user=make_user(organization))
    assert client.get("/admin/moderation/").status_code == 403
    assert client.post(f"/admin/moderation/{moderation.pk}/hide/").status_code == 403
    with pytest.raises(ServiceError):
        services.hide(actor=make_user(organization), moderation=moderation)


def test_a_moderator_of_space_a_cannot_moderate_space_b(organization, admin, post, moderator, now):
    other_blog = make_blog(admin, "voirie", now)
    other_post = create_post(
        actor=admin, component=other_blog, data={"title": "Nids de poule", "body": "<p>x</p>"}
    )
    mine = _report(make_user(organization), post)
    theirs = _report(make_user(organization), other_post)
    client = host_client(organization.host, user=moderator)
    body = client.get("/admin/moderation/").content.decode()
    assert "Travaux rue Haute" in body and "Nids de poule" not in body
    assert client.post(f"/admin/moderation/{theirs.pk}/hide/").status_code == 404
    with pytest.raises(ServiceError):
        services.hide(actor=moderator, moderation=theirs)
    assert not Moderation.objects.get(pk=theirs.pk).is_hidden
    services.hide(actor=moderator, moderation=mine)
    # Filtering by a space outside one's own is refused by the allow-list, not obeyed.
    space = other_blog.space
    response = client.get(f"/admin/moderation/?space=processes-{space.pk}")
    assert "Nids de poule" not in response.content.decode()


def test_admin_of_org_a_cannot_see_org_b_reports(organization, other_organization, post):
    moderation = _report(make_user(organization), post)
    foreign_admin = make_user(other_organization, admin=True)
    client = host_client(other_organization.host, user=foreign_admin)
    assert "Travaux" not in client.get("/admin/moderation/").content.decode()
    assert client.get(f"/admin/moderation/{moderation.pk}/").status_code == 404
    assert client.post(f"/admin/moderation/{moderation.pk}/hide/").status_code == 404
    with pytest.raises(ServiceError):
        services.hide(actor=foreign_admin, moderation=moderation)


def test_people_are_reported_and_moderated_by_org_admins(organization, admin, moderator):
    target = make_user(organization, name="Troll")
    moderation = _report(make_user(organization), target)
    assert moderation.space_id is None
    assert (
        "Troll"
        not in host_client(organization.host, user=moderator)
        .get("/admin/moderation/")
        .content.decode()
    )
    with pytest.raises(ServiceError):
        services.hide(actor=moderator, moderation=moderation)
    client = host_client(organization.host, user=admin)
    assert "Troll" in client.get("/admin/moderation/?space=people").content.decode()
    services.hide(actor=admin, moderation=moderation)
    assert search(organization=organization, user=admin, text="Troll").results == []


def test_queue_query_count_does_not_grow(organization, admin, blog, django_assert_max_num_queries):
    client = host_client(organization.host, user=admin)
    reporter = make_user(organization)

    def add(n):
        for index in range(n):
            item = create_post(
                actor=admin, component=blog, data={"title": f"P{index}", "body": "<p>x</p>"}
            )
            _report(reporter, item)

    add(1)
    client.get("/admin/moderation/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get("/admin/moderation/").status_code == 200
    add(15)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/admin/moderation/").status_code == 200
    assert len(large) == len(small)
